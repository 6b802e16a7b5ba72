#include "cli/error_text.hpp"

#include "web/messages.hpp"

namespace kursbase::cli {

std::string error_text(const Error& error) {
  const auto& messages = web::Messages::get("nb");
  if (error.message_key.empty() || !messages.has(error.message_key))
    return error.detail + " (" + error.message_key + ")";
  const auto& text = messages.text(error.message_key);
  return error.detail.empty() ? text : text + " (" + error.detail + ")";
}

}  // namespace kursbase::cli
