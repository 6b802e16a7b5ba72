#pragma once
// Which channel a message to a person goes by, and the short text of an SMS
// (issue 3). A person who gave an e-mail address gets e-mail (with the .ics);
// one who gave only a mobile number gets an SMS through the gateway
// (app/messaging/sms_gateway.hpp).
//
// An SMS says only what fits on a phone's lock screen without harm: the course
// title, the date of the first session and the private link. No name, no
// needs, no national ID; the course title is the one health detail it carries.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/core/time_zone.hpp"
#include "domain/core/time.hpp"
#include "store/enrollment_store.hpp"
#include "store/outbox_store.hpp"

namespace kursbase::app {

// E-mail when the person has an address, SMS when they have only a mobile
// number, none when they have neither.
std::optional<store::Channel> choose_channel(const store::PersonRecord& person);

// The longest course title an SMS carries (characters); longer ones are cut
// with "…". Keeps a message within two SMS segments.
inline constexpr std::size_t kSmsCourseChars = 60;

struct SmsFacts {
  std::string kind;    // confirmation, waitlisted, promoted, offered, reminder, …
  std::string course;  // the course title
  std::optional<Instant> first_session;  // none: the run has no sessions
  std::string link;                      // the private link; empty: not known (later messages)
  std::optional<int> position;           // waiting-list position
  std::optional<Instant> deadline;       // reply deadline of an offer
};

// The SMS text from the message catalogue ("sms.<kind>", else "sms.other"),
// with {course}, {date}, {link}, {position} and {deadline} filled in.
std::string sms_text(const std::function<std::string(std::string_view)>& text, const TimeZone& zone,
                     const SmsFacts& facts);

}  // namespace kursbase::app
