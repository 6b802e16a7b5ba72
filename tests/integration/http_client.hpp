#pragma once
// A small blocking HTTP/1.1 client on raw POSIX sockets for integration
// tests: sends any bytes (well-formed or not) on a fresh loopback connection
// and reads one Content-Length framed response. Thread-safe (no shared state).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kursbase::testing {

// One parsed HTTP response.
struct HttpResponse {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;

  // The first header named `name` (case-insensitive), if present.
  std::optional<std::string> header(std::string_view name) const;
};

// How to read the response to a raw request.
struct ExchangeOptions {
  bool head = false;                        // the request was HEAD: no body follows the headers
  bool half_close = false;                  // shut down our sending side after the request
  std::chrono::milliseconds timeout{5000};  // for the whole exchange
};

// Sends `raw` bytes to 127.0.0.1:`port` on a new connection and reads one
// response (Content-Length framed, or up to connection close). Returns nullopt
// when the server closes the connection or the time runs out before a complete
// status line and header block arrived; `error` (if given) then says why.
std::optional<HttpResponse> http_exchange(std::uint16_t port, std::string_view raw,
                                          const ExchangeOptions& options = {},
                                          std::string* error = nullptr);

// Sends `raw` (several requests, pipelined) in one write on a new connection and
// reads responses, each Content-Length framed, until `count` have arrived, the
// connection closes or the time runs out; returns those that arrived, in order.
std::vector<HttpResponse> http_exchange_pipelined(std::uint16_t port, std::string_view raw,
                                                  std::size_t count,
                                                  std::chrono::milliseconds timeout,
                                                  std::string* error = nullptr);

// "METHOD target HTTP/1.1" with Host and Connection: close, plus `extra`
// header lines ("Name: value", without CRLF).
std::string http_request(std::string_view method, std::string_view target,
                         const std::vector<std::string>& extra = {});

// GET (or HEAD) `target`; a missing response becomes status 0 with the reason
// in `reason`, so callers can simply compare the status.
HttpResponse http_get(std::uint16_t port, std::string_view target,
                      const std::vector<std::string>& extra = {});
HttpResponse http_head(std::uint16_t port, std::string_view target);

// Percent-encodes every byte outside RFC 3986's unreserved set.
std::string url_encode(std::string_view s);

}  // namespace kursbase::testing
