#include "config/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

namespace kursbase::config {

Status parse_listen(const std::string& text, Settings& s) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return invalid_input("config.error.listen", "listen must be ADDRESS:PORT");
  unsigned port = 0;
  const auto* begin = text.data() + colon + 1;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(begin, end, port);
  if (ec != std::errc{} || p != end || port > 65535)
    return invalid_input("config.error.listen", "bad port in listen");
  s.listen_address = text.substr(0, colon);
  if (s.listen_address.size() > 2 && s.listen_address.front() == '[')
    s.listen_address = s.listen_address.substr(1, s.listen_address.size() - 2);
  s.listen_port = static_cast<std::uint16_t>(port);
  return ok_status();
}

Result<Settings> load_settings(const std::string& path, bool path_is_explicit) {
  Settings s;
  if (std::filesystem::exists(path)) {
    try {
      const auto t = toml::parse_file(path);
      if (auto v = t["server"]["listen"].value<std::string>())
        if (auto r = parse_listen(*v, s); !r) return r.error();
      if (auto v = t["server"]["threads"].value<int64_t>()) s.threads = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["database"]["url"].value<std::string>()) s.database = *v;
      if (auto v = t["database"]["pool_size"].value<int64_t>()) s.pool_size = std::size_t(std::max<int64_t>(1, *v));
      if (auto v = t["catalogue"]["refresh_ms"].value<int64_t>()) s.catalogue_refresh_ms = int(*v);
      if (auto v = t["web"]["static_dir"].value<std::string>()) s.static_dir = *v;
    } catch (const toml::parse_error& e) {
      return invalid_input("config.error.file", std::string("cannot parse ") + path + ": " +
                                                    std::string(e.description()));
    }
  } else if (path_is_explicit) {
    return invalid_input("config.error.file", "no such config file: " + path);
  }
  auto env = [](const char* name) -> const char* {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
  };
  if (auto v = env("KURSBASE_LISTEN"))
    if (auto r = parse_listen(v, s); !r) return r.error();
  if (auto v = env("KURSBASE_DATABASE")) s.database = v;
  if (auto v = env("KURSBASE_THREADS")) s.threads = std::size_t(std::max(1, std::atoi(v)));
  if (auto v = env("KURSBASE_STATIC_DIR")) s.static_dir = v;
  if (auto v = env("KURSBASE_CATALOGUE_REFRESH_MS")) s.catalogue_refresh_ms = std::atoi(v);
  return s;
}

}  // namespace kursbase::config
