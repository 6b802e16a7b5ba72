#pragma once
// What a participant needs to know about a course besides its dates and
// place: what it costs and what to bring. Some HFs charge a patient fee per
// course and a higher fee for a no-show without notice; courses without a
// referral are usually free (domain.md, "Fees"). Shown on the run page, the
// private link page and in every mail about a seat.
#include <optional>
#include <string>
#include <string_view>

namespace kursbase {

struct PracticalInfo {
  // The patient fee in whole kroner: 0 the course is free; none: the course
  // has not said (nothing is shown, not "free").
  std::optional<int> fee_nok;
  // The fee for not coming without notice; none: there is none.
  std::optional<int> no_show_fee_nok;
  std::string what_to_bring;  // empty: nothing said

  bool empty() const { return !fee_nok && !no_show_fee_nok && what_to_bring.empty(); }
};

// "350 kr", "1 500 kr": grouped by thousands with a no-break space, as
// Norwegian writes amounts.
std::string format_kroner(int amount);
// The same amount in a language's way (issue 13): `pattern` places the
// grouped number ("{number} kr", English "NOK {number}"), `group` separates
// the thousands (a no-break space; English ",").
std::string format_kroner(int amount, std::string_view pattern, std::string_view group);

}  // namespace kursbase
