#include "domain/person/national_id.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

// Numbers below are synthetic: from fnrvalidator 2.2.1's own tests, Skatteetaten's 2032
// examples, or made for these tests with valid control digits. None belongs to a real person.
namespace kursbase {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

year_month_day ymd(int y, unsigned m, unsigned d) { return {year{y}, month{m}, day{d}}; }

NationalId parse_ok(std::string_view input) {
  auto id = parse_national_id(input);
  EXPECT_TRUE(id.ok()) << input << ": " << (id.ok() ? "" : id.error().message_key);
  return id.ok() ? *id : NationalId{};
}

std::string error_key(std::string_view input) {
  const auto id = parse_national_id(input);
  return id.ok() ? "valid" : id.error().message_key;
}

TEST(NationalId, AcceptsBirthNumberAndReadsDate) {
  const NationalId id = parse_ok("13097248022");
  EXPECT_EQ(id.digits, "13097248022");
  EXPECT_EQ(id.kind, NationalIdKind::BirthNumber);
  EXPECT_EQ(id.marker, NationalIdMarker::None);
  EXPECT_EQ(id.control_rule, ControlDigitRule::Classic);
  EXPECT_FALSE(id.synthetic());
  EXPECT_EQ(id.birth_date, ymd(1972, 9, 13));
}

TEST(NationalId, AcceptsCheckDigitThatWouldBeElevenAsZero) {
  EXPECT_EQ(parse_ok("15021951940").birth_date, ymd(2019, 2, 15));  // individual 519
}

TEST(NationalId, CenturyComesFromIndividualNumber) {
  EXPECT_EQ(parse_ok("01016050012").birth_date, ymd(1860, 1, 1));   // 500-749, year 54-99
  EXPECT_EQ(parse_ok("01010550048").birth_date, ymd(2005, 1, 1));   // 500-999, year 00-39
  EXPECT_EQ(parse_ok("15064590089").birth_date, ymd(1945, 6, 15));  // 900-999, year 40-99
  EXPECT_EQ(parse_ok("30108299920").birth_date, ymd(1982, 10, 30));
  EXPECT_EQ(parse_ok("02013299997").birth_date, ymd(2032, 1, 2));  // Skatteetaten's example
}

TEST(NationalId, IndividualNumberOutsideTheTableIsValidWithoutBirthDate) {
  // From 2032 any individual number can be issued for any birth year, so these are valid;
  // the table just cannot tell their century.
  EXPECT_EQ(parse_ok("15064550028").birth_date, std::nullopt);  // 500-749 with year 40-53
  EXPECT_EQ(parse_ok("01017075043").birth_date, std::nullopt);  // 750-899 with year 40-99
}

TEST(NationalId, LeapYears) {
  EXPECT_EQ(parse_ok("29029648784").birth_date, ymd(1996, 2, 29));
  EXPECT_EQ(parse_ok("29029650037").birth_date, ymd(1896, 2, 29));
  EXPECT_EQ(parse_ok("29020450051").birth_date, ymd(2004, 2, 29));
  EXPECT_EQ(parse_ok("29020050088").birth_date, ymd(2000, 2, 29));
  EXPECT_EQ(parse_ok("29020075838").birth_date, ymd(2000, 2, 29));
  EXPECT_EQ(error_key("29020100085"), "national_id.invalid_date");  // 2001 is not a leap year
  EXPECT_EQ(error_key("30020050027"), "national_id.invalid_date");
}

TEST(NationalId, TwentyNinthFebruaryInYear00IsValidEvenWhenTheTableSays1900) {
  // Individual 000 means 1900 in the old table, where 29 February does not exist, but a number
  // issued from 2032 to someone born 29.02.2000 can look exactly like this.
  const NationalId id = parse_ok("29020000064");
  EXPECT_EQ(id.control_rule, ControlDigitRule::Classic);
  EXPECT_EQ(id.birth_date, std::nullopt);
}

TEST(NationalId, RejectsImpossibleDates) {
  EXPECT_EQ(error_key("00019000044"), "national_id.invalid_date");  // day 00
  EXPECT_EQ(error_key("32019000035"), "national_id.invalid_date");  // day 32
  EXPECT_EQ(error_key("31049000076"), "national_id.invalid_date");  // 31 April
  EXPECT_EQ(error_key("01009000093"), "national_id.invalid_date");  // month 00
  EXPECT_EQ(error_key("01139000001"), "national_id.invalid_date");  // month 13
  EXPECT_EQ(error_key("01219000150"), "national_id.invalid_date");  // month 21: no such offset
  EXPECT_EQ(error_key("01619000052"), "national_id.invalid_date");  // H-number month 21
  EXPECT_EQ(error_key("01939000077"), "national_id.invalid_date");  // synthetic month 13
}

TEST(NationalId, DNumberAddsFourToFirstDigit) {
  const NationalId id = parse_ok("53097248016");
  EXPECT_EQ(id.kind, NationalIdKind::DNumber);
  EXPECT_EQ(id.marker, NationalIdMarker::None);
  EXPECT_EQ(id.birth_date, ymd(1972, 9, 13));
  EXPECT_EQ(parse_ok("71019000170").birth_date, ymd(1990, 1, 31));
}

TEST(NationalId, DNumberWithDayAbove71IsInvalid) {
  EXPECT_EQ(error_key("72019000029"), "national_id.invalid_date");
  EXPECT_EQ(error_key("81019000060"), "national_id.invalid_date");  // first digit 8: day 41
}

TEST(NationalId, HNumberAddsFourToThirdDigit) {
  const NationalId id = parse_ok("13527248013");
  EXPECT_EQ(id.kind, NationalIdKind::BirthNumber);
  EXPECT_EQ(id.marker, NationalIdMarker::HNumber);
  EXPECT_FALSE(id.synthetic());
  EXPECT_EQ(id.birth_date, ymd(1972, 12, 13));
  EXPECT_EQ(parse_ok("31529000017").birth_date, ymd(1990, 12, 31));
}

TEST(NationalId, SyntheticTestNumberAddsEightyToMonth) {
  const NationalId id = parse_ok("10915596784");
  EXPECT_EQ(id.kind, NationalIdKind::BirthNumber);
  EXPECT_EQ(id.marker, NationalIdMarker::Synthetic);
  EXPECT_TRUE(id.synthetic());
  EXPECT_EQ(id.birth_date, ymd(1955, 11, 10));
  EXPECT_EQ(parse_ok("31929000180").birth_date, ymd(1990, 12, 31));
}

TEST(NationalId, CombinedDNumberAndMonthOffsets) {
  const NationalId synthetic_d = parse_ok("50846202355");
  EXPECT_EQ(synthetic_d.kind, NationalIdKind::DNumber);
  EXPECT_TRUE(synthetic_d.synthetic());
  EXPECT_EQ(synthetic_d.birth_date, ymd(1962, 4, 10));

  const NationalId dolly_d = parse_ok("68467038838");  // NAV test D-number, month + 40
  EXPECT_EQ(dolly_d.kind, NationalIdKind::DNumber);
  EXPECT_EQ(dolly_d.marker, NationalIdMarker::HNumber);
  EXPECT_EQ(dolly_d.birth_date, ymd(1970, 6, 28));
}

TEST(NationalId, RejectsWrongLength) {
  EXPECT_EQ(error_key(""), "national_id.wrong_length");
  EXPECT_EQ(error_key("1234567890"), "national_id.wrong_length");
  EXPECT_EQ(error_key("123456789101"), "national_id.wrong_length");
  EXPECT_EQ(error_key("130972480220"), "national_id.wrong_length");
}

TEST(NationalId, RejectsAnythingButAsciiDigits) {
  EXPECT_EQ(error_key("1234567891A"), "national_id.not_digits");
  EXPECT_EQ(error_key("130972 48022"), "national_id.not_digits");
  EXPECT_EQ(error_key(" 13097248022"), "national_id.not_digits");
  EXPECT_EQ(error_key("13097248022\n"), "national_id.not_digits");
  EXPECT_EQ(error_key("130972-48022"), "national_id.not_digits");
  EXPECT_EQ(error_key("1309724802:"), "national_id.not_digits");  // ':' and '/' border '0'-'9'
  EXPECT_EQ(error_key("/3097248022"), "national_id.not_digits");
  EXPECT_EQ(error_key("\xEF\xBC\x91"
                      "3097248022"),
            "national_id.not_digits");  // fullwidth 1
  EXPECT_EQ(error_key(std::string_view("1309724802\0", 11)), "national_id.not_digits");
}

TEST(NationalId, RejectsBadControlDigits) {
  EXPECT_EQ(error_key("13097248032"), "national_id.invalid_checksum");  // k1
  EXPECT_EQ(error_key("13097248023"), "national_id.invalid_checksum");  // k2
  EXPECT_EQ(error_key("02013299987"), "national_id.invalid_checksum");
  EXPECT_EQ(error_key("02013299996"), "national_id.invalid_checksum");
  // Checksum is reported before the date, as fnrvalidator does.
  EXPECT_EQ(error_key("32127248022"), "national_id.invalid_checksum");
}

TEST(NationalId, ErrorsNameTheFieldAndKeepTheNumberOutOfTheDetail) {
  for (const std::string_view input : {"13097248032", "72019000029", "1309724802", "1309724802A"}) {
    const auto id = parse_national_id(input);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, ErrorCode::InvalidInput);
    ASSERT_EQ(id.error().fields.size(), 1U);
    EXPECT_EQ(id.error().fields[0].field, "national_id");
    EXPECT_EQ(id.error().fields[0].message_key, id.error().message_key);
    EXPECT_EQ(id.error().detail.find("1309"), std::string::npos);
    EXPECT_EQ(id.error().detail.find("7201"), std::string::npos);
  }
}

// Skatteetaten, "Nytt fødselsnummer fra 2032": person 1 and 2 born 30.10.1982 get individual
// number 999 with remainder 0 and 1 for k1.
TEST(NationalId, Rule2032AcceptsFirstControlDigitWithRemainderUpToThree) {
  EXPECT_EQ(parse_ok("30108299920").control_rule, ControlDigitRule::Classic);
  const NationalId second = parse_ok("30108299939");
  EXPECT_EQ(second.control_rule, ControlDigitRule::From2032);
  EXPECT_EQ(second.birth_date, std::nullopt);  // the register holds the birth date

  EXPECT_EQ(parse_ok("01019000091").control_rule, ControlDigitRule::From2032);  // remainder 1
  EXPECT_EQ(parse_ok("01019000180").control_rule, ControlDigitRule::From2032);  // remainder 2
  EXPECT_EQ(parse_ok("01019000008").control_rule, ControlDigitRule::From2032);  // remainder 3
  EXPECT_EQ(parse_ok("70108299914").kind, NationalIdKind::DNumber);
  EXPECT_EQ(parse_ok("41019000182").control_rule, ControlDigitRule::From2032);
  EXPECT_TRUE(parse_ok("01819000065").synthetic());
}

// Every k1 digit, each with the one k2 that completes it: exactly the k1 with
// (weighted sum + k1) mod 11 in 0..3 are accepted.
TEST(NationalId, Rule2032AcceptsExactlyFourRemaindersAndKeepsK2Strict) {
  const std::string base = "010190000";
  constexpr std::array<int, 9> kW1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
  constexpr std::array<int, 10> kW2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int s1 = 0;
  for (int i = 0; i < 9; ++i) s1 += kW1[i] * (base[i] - '0');
  int accepted = 0;
  for (int k1 = 0; k1 <= 9; ++k1) {
    const std::string ten = base + std::to_string(k1);
    int s2 = 0;
    for (int i = 0; i < 10; ++i) s2 += kW2[i] * (ten[i] - '0');
    for (int k2 = 0; k2 <= 9; ++k2) {
      const std::string number = ten + std::to_string(k2);
      const bool expected = (s1 + k1) % 11 <= 3 && (s2 + k2) % 11 == 0;
      EXPECT_EQ(parse_national_id(number).ok(), expected) << number;
      accepted += expected ? 1 : 0;
    }
  }
  EXPECT_GE(accepted, 3);  // four remainders, minus one if it would need k1 = 10 or k2 = 10
}

TEST(NationalId, MaskShowsOnlyTheBirthDatePart) {
  EXPECT_EQ(mask_national_id("01019012345"), "010190*****");
  EXPECT_EQ(mask_national_id("13097248022"), "130972*****");
  EXPECT_EQ(mask_national_id("1309724802"), "**********");
  EXPECT_EQ(mask_national_id("123"), "***");
  EXPECT_EQ(mask_national_id(""), "");
}

}  // namespace
}  // namespace kursbase
