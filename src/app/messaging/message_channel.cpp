#include "app/messaging/message_channel.hpp"

#include "app/messaging/message_text.hpp"

namespace kursbase::app {
namespace {

// At most `max` UTF-8 code points, "…" when cut.
std::string cut(const std::string& s, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (points == max) return s.substr(0, i) + "…";
    ++points;
  }
  return s;
}

}  // namespace

std::optional<store::Channel> choose_channel(const store::PersonRecord& person) {
  if (!person.email.empty()) return store::Channel::Email;
  if (!person.mobile.empty()) return store::Channel::Sms;
  return std::nullopt;
}

std::string sms_text(const std::function<std::string(std::string_view)>& text, const TimeZone& zone,
                     const SmsFacts& f) {
  const auto date = [&](Instant t) { return message_date_time(zone, t, text); };
  const std::string key = "sms." + f.kind;
  std::string t = text(key);
  if (t.empty() || t == key) t = text("sms.other");
  t = replace_all(std::move(t), "{course}", cut(f.course, kSmsCourseChars));
  t = replace_all(std::move(t), "{date}",
                  f.first_session ? date(*f.first_session) : text("sms.date_unknown"));
  t = replace_all(std::move(t), "{position}", f.position ? std::to_string(*f.position) : "");
  t = replace_all(std::move(t), "{deadline}", f.deadline ? date(*f.deadline) : "");
  t = replace_all(std::move(t), "{link}",
                  f.link.empty() ? text("sms.link_in_first_message") : f.link);
  return t;
}

}  // namespace kursbase::app
