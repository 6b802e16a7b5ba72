#pragma once
// NationalId: a Norwegian national identity number (fødselsnummer, D-number, H-number,
// synthetic test number) that has passed the format, control-digit and date checks.
//
// Accepts exactly what NAV's @navikt/fnrvalidator 2.2.1 accepts; the conformance test in
// tests/conformance/ compares the two on thousands of inputs. Rule sources:
// - layout and the 1964 control digits: Skatteetaten, "Fødselsnummer";
// - the relaxed first control digit for numbers issued from 1 January 2032, and the
//   statement that the individual number no longer tells the century: Skatteetaten,
//   "Nytt fødselsnummer fra 2032" (skatteetaten.github.io/folkeregisteret-api-dokumentasjon/
//   nytt-fodselsnummer-fra-2032/) and its reference validator
//   foedselsEllerDNummerValidator.js in the same repository.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/core/result.hpp"

namespace kursbase {

// Which register issued the number, read from the first digit.
enum class NationalIdKind {
  BirthNumber,  // fødselsnummer: digits 1-6 are the birth date DDMMYY
  DNumber,      // D-nummer: 4 added to the first digit (day + 40)
};

// What the third digit says beyond the month.
enum class NationalIdMarker {
  None,
  // Month + 40. The health service's help number (H-nummer); NAV's test persons (Dolly) use
  // the same offset, so the two cannot be told apart from the digits.
  HNumber,
  // Month + 80: Skatteetaten's synthetic test persons (Test-Norge / Tenor). Never a real person.
  Synthetic,
};

// Which control-digit rule the number satisfies.
enum class ControlDigitRule {
  Classic,   // k1 is the single value of the 1964 rule; valid under both rules
  From2032,  // k1 is one of the extra values allowed only for numbers issued from 2032
};

struct NationalId {
  std::string digits;  // the 11 digits as given
  NationalIdKind kind = NationalIdKind::BirthNumber;
  NationalIdMarker marker = NationalIdMarker::None;
  ControlDigitRule control_rule = ControlDigitRule::Classic;
  // The birth date read with the century table in force for numbers issued until 2031
  // (individual number 000-499: 1900-99; 500-749 with year 54-99: 1854-99; 500-999 with year
  // 00-39: 2000-39; 900-999 with year 40-99: 1940-99). Empty when the table gives no century,
  // when that century makes the date impossible (29 February 1900), or for a From2032 number:
  // from 2032 "individnummeret vil ikke lenger angi århundre" and the Population Register's
  // birth date field is the authority. A Classic number issued from 2032 may also be
  // misdated by the table, so records that matter take the date from the register.
  std::optional<std::chrono::year_month_day> birth_date;

  bool synthetic() const { return marker == NationalIdMarker::Synthetic; }
};

// Parses and validates an 11-digit national identity number. No trimming: spaces, dashes and
// non-ASCII digits are rejected. Errors are InvalidInput with one of these message keys
// (checked in this order, the order fnrvalidator reports its reasons in):
//   national_id.not_digits        a character other than 0-9
//   national_id.wrong_length      not exactly 11 digits
//   national_id.invalid_checksum  k1 or k2 fails the control-digit rules
//   national_id.invalid_date      day or month impossible (after removing D/H/synthetic offsets)
// The error's detail never contains the number.
Result<NationalId> parse_national_id(std::string_view input);

// "01019012345" -> "010190*****": the birth-date part stays, the personal number is hidden.
// Anything that is not 11 characters is masked completely.
std::string mask_national_id(std::string_view input);

}  // namespace kursbase
