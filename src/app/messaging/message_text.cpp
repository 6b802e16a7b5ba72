#include "app/messaging/message_text.hpp"

#include <cstdio>

namespace kursbase::app {

std::string replace_all(std::string text, std::string_view key, std::string_view value) {
  for (auto pos = text.find(key); pos != std::string::npos;
       pos = text.find(key, pos + value.size()))
    text.replace(pos, key.size(), value);
  return text;
}

std::string local_date_time(const TimeZone& zone, Instant t, std::string_view separator) {
  const auto o = to_local(zone, t);
  char date[16], clock[8];
  std::snprintf(date, sizeof date, "%02d.%02d.%04d", o.day % 100, o.month % 100, o.year % 10000);
  std::snprintf(clock, sizeof clock, "%02d:%02d", o.hour % 100, o.minute % 100);
  return std::string(date) + std::string(separator) + clock;
}

std::vector<PracticalLine> practical_lines(
    const PracticalInfo& info, const std::function<std::string(std::string_view)>& text) {
  std::vector<PracticalLine> lines;
  if (info.fee_nok)
    lines.push_back({"price", text("practical.price"),
                     *info.fee_nok == 0 ? text("practical.free")
                                        : replace_all(text("practical.fee"), "{amount}",
                                                      format_kroner(*info.fee_nok))});
  if (info.no_show_fee_nok)
    lines.push_back({"no_show", text("practical.no_show"),
                     replace_all(text("practical.no_show_fee"), "{amount}",
                                 format_kroner(*info.no_show_fee_nok))});
  if (!info.what_to_bring.empty())
    lines.push_back({"remember", text("practical.remember"), info.what_to_bring});
  return lines;
}

}  // namespace kursbase::app
