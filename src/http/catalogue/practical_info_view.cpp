#include "http/catalogue/practical_info_view.hpp"

#include "app/messaging/message_text.hpp"

namespace kursbase::http {

nlohmann::json practical_lines(const PracticalInfo& info, const web::Messages& m) {
  nlohmann::json lines = nlohmann::json::array();
  for (auto& l : app::practical_lines(info, [&m](std::string_view key) { return m.text(key); }))
    lines.push_back({{"label", std::move(l.label)}, {"text", std::move(l.text)}});
  return lines;
}

}  // namespace kursbase::http
