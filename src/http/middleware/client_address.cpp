#include "http/middleware/client_address.hpp"

#include <algorithm>
#include <asio/ip/address.hpp>

#include "domain/core/form_text.hpp"

namespace kursbase::http {
namespace {

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted) {
  return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

// The address in its canonical spelling, or empty when `text` is none.
std::string canonical(std::string_view text) {
  asio::error_code ec;
  const auto a = asio::ip::make_address(std::string(text), ec);
  return ec ? std::string() : a.to_string();
}

}  // namespace

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted) {
  std::string client(peer);
  if (!is_trusted(client, trusted)) return client;
  // From the nearest hop outwards, while each hop is a proxy we trust.
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry =
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    auto address = canonical(entry);
    if (address.empty()) break;
    client = std::move(address);
    if (!is_trusted(client, trusted)) break;
  }
  return client;
}

}  // namespace kursbase::http
