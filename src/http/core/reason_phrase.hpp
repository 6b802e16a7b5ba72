#pragma once
// The reason phrase of a status line ("404 Not Found"), by the names of
// RFC 9110 §15 (and RFC 6585 for 429). Clients ignore it, people reading logs
// and traces do not; an unknown code gets "" (a status line may carry none).
#include <string_view>

namespace kursbase::http {

std::string_view reason_phrase(int status);

}  // namespace kursbase::http
