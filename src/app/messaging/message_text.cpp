#include "app/messaging/message_text.hpp"

#include <cstdio>

namespace kursbase::app {

std::string replace_all(std::string text, std::string_view key, std::string_view value) {
  for (auto pos = text.find(key); pos != std::string::npos;
       pos = text.find(key, pos + value.size()))
    text.replace(pos, key.size(), value);
  return text;
}

namespace {

// The catalogue's text of `key`, or `otherwise` where the lookup has none (a
// test's key-echoing lookup, a catalogue older than the key).
std::string text_or(const std::function<std::string(std::string_view)>& text, std::string_view key,
                    std::string_view otherwise) {
  std::string t = text(key);
  return t.empty() || t == key ? std::string(otherwise) : t;
}

std::string two_digits(int n) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02d", n % 100);
  return buf;
}

}  // namespace

std::string message_date_time(const TimeZone& zone, Instant t,
                              const std::function<std::string(std::string_view)>& text,
                              bool with_at) {
  const auto o = to_local(zone, t);
  std::string out = with_at ? text_or(text, "date.pattern.message",
                                      "{day_number}.{month_number}.{year} kl. {hour}:{minute}")
                            : text_or(text, "date.pattern.message_plain",
                                      "{day_number}.{month_number}.{year} {hour}:{minute}");
  const std::string month = std::to_string(o.month);
  out = replace_all(std::move(out), "{day_number}", two_digits(o.day));
  out = replace_all(std::move(out), "{day}", std::to_string(o.day));
  out = replace_all(std::move(out), "{month_number}", two_digits(o.month));
  out = replace_all(std::move(out), "{month}", text_or(text, "date.month." + month, month));
  out = replace_all(std::move(out), "{year}", std::to_string(o.year));
  out = replace_all(std::move(out), "{hour}", two_digits(o.hour));
  return replace_all(std::move(out), "{minute}", two_digits(o.minute));
}

std::string message_clock(const TimeZone& zone, Instant t,
                          const std::function<std::string(std::string_view)>& text) {
  const auto o = to_local(zone, t);
  return replace_all(replace_all(text_or(text, "date.pattern.message_time", "{hour}:{minute}"),
                                 "{hour}", two_digits(o.hour)),
                     "{minute}", two_digits(o.minute));
}

std::string message_kroner(int amount, const std::function<std::string(std::string_view)>& text) {
  return format_kroner(amount, text_or(text, "number.kroner", "{number}\u00a0kr"),
                       text_or(text, "number.group", "\u00a0"));
}

std::vector<PracticalLine> practical_lines(
    const PracticalInfo& info, const std::function<std::string(std::string_view)>& text) {
  std::vector<PracticalLine> lines;
  if (info.fee_nok)
    lines.push_back({"price", text("practical.price"),
                     *info.fee_nok == 0 ? text("practical.free")
                                        : replace_all(text("practical.fee"), "{amount}",
                                                      message_kroner(*info.fee_nok, text))});
  if (info.no_show_fee_nok)
    lines.push_back({"no_show", text("practical.no_show"),
                     replace_all(text("practical.no_show_fee"), "{amount}",
                                 message_kroner(*info.no_show_fee_nok, text))});
  if (!info.what_to_bring.empty())
    lines.push_back({"remember", text("practical.remember"), info.what_to_bring});
  return lines;
}

}  // namespace kursbase::app
