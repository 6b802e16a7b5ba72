#pragma once
// E-mail addresses and phone numbers as people type them, checked the same
// way on every form (sign-up, staff registration, a course's contact).
#include <cstddef>
#include <string>
#include <string_view>

namespace kursbase {

inline constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321 path limit
inline constexpr std::size_t kMinPhoneDigits = 8;    // Norwegian numbers without country code
inline constexpr std::size_t kMaxPhoneDigits = 15;   // E.164

// A pragmatic check: one '@', something before it, a dot in the domain, no
// spaces or control characters. The mail server is the real judge.
bool plausible_email(std::string_view e);

// "+47 912 34 567" → "+4791234567"; empty when it is not a phone number.
std::string normalise_phone(std::string_view m);

}  // namespace kursbase
