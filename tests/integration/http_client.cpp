#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace kursbase::testing {
namespace {

using Clock = std::chrono::steady_clock;

// How long to wait for stray bytes after the headers of a HEAD response.
constexpr auto kHeadTrailingWait = std::chrono::milliseconds(500);

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

// RAII file descriptor.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Connects to 127.0.0.1:port; -1 on failure.
int connect_loopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Writes all of `data`; false when the peer closed or the time ran out. A
// server may legitimately close early on a bad request, so this is not an
// error for the caller by itself.
bool send_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads what is available into `buffer`; 0 at EOF, -1 on error or timeout.
ssize_t read_some(int fd, std::string& buffer, Clock::time_point deadline) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return -1;
  char chunk[16384];
  ssize_t n;
  do n = ::recv(fd, chunk, sizeof chunk, 0);
  while (n < 0 && errno == EINTR);
  if (n > 0) buffer.append(chunk, static_cast<std::size_t>(n));
  return n;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

// Parses the status line and headers in `head` (without the final CRLF CRLF).
bool parse_head(std::string_view head, HttpResponse& out) {
  const auto eol = head.find("\r\n");
  const std::string_view status_line = head.substr(0, eol);
  // "HTTP/1.1 200 OK"
  if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return false;
  const auto code = status_line.substr(9, 3);
  if (std::from_chars(code.data(), code.data() + code.size(), out.status).ec != std::errc{})
    return false;
  out.reason = status_line.size() > 13 ? std::string(status_line.substr(13)) : "";
  std::string_view rest = eol == std::string_view::npos ? "" : head.substr(eol + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    out.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return true;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

std::optional<HttpResponse> http_exchange(std::uint16_t port, std::string_view raw,
                                          const ExchangeOptions& options, std::string* error) {
  const auto deadline = Clock::now() + options.timeout;
  Fd fd(connect_loopback(port));
  if (fd.get() < 0) {
    set_error(error, std::string("connect: ") + std::strerror(errno));
    return std::nullopt;
  }
  // A server may answer and close before it has read everything (for example
  // after a too long request line), so a failed send is not final: read on.
  const bool sent = send_all(fd.get(), raw, deadline);
  if (sent && options.half_close) ::shutdown(fd.get(), SHUT_WR);

  std::string buffer;
  std::size_t head_end = std::string::npos;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = read_some(fd.get(), buffer, deadline);
    if (n == 0) {
      set_error(error, buffer.empty() ? "closed without a response" : "closed inside the headers");
      return std::nullopt;
    }
    if (n < 0) {
      set_error(error, Clock::now() >= deadline ? "timeout" : std::strerror(errno));
      return std::nullopt;
    }
  }
  HttpResponse response;
  if (!parse_head(std::string_view(buffer).substr(0, head_end), response)) {
    set_error(error, "malformed response head: " + buffer.substr(0, head_end));
    return std::nullopt;
  }
  std::string body = buffer.substr(head_end + 4);
  if (options.head) {
    // Nothing may follow the headers; collect whatever does (until the close
    // that Connection: close asks for) so that tests can check.
    const auto soon = std::min(deadline, Clock::now() + kHeadTrailingWait);
    while (read_some(fd.get(), body, soon) > 0) {
    }
    response.body = std::move(body);
    return response;
  }
  if (response.status / 100 == 1 || response.status == 204 || response.status == 304)
    return response;

  if (auto length = response.header("Content-Length")) {
    std::size_t expected = 0;
    if (std::from_chars(length->data(), length->data() + length->size(), expected).ec !=
        std::errc{}) {
      set_error(error, "bad Content-Length: " + *length);
      return std::nullopt;
    }
    while (body.size() < expected) {
      if (read_some(fd.get(), body, deadline) <= 0) {
        set_error(error, "body shorter than Content-Length");
        return std::nullopt;
      }
    }
    body.resize(expected);
  } else {
    // No length: the body runs to the connection's end.
    while (read_some(fd.get(), body, deadline) > 0) {
    }
  }
  response.body = std::move(body);
  return response;
}

std::vector<HttpResponse> http_exchange_pipelined(std::uint16_t port, std::string_view raw,
                                                  std::size_t count,
                                                  std::chrono::milliseconds timeout,
                                                  std::string* error) {
  const auto deadline = Clock::now() + timeout;
  std::vector<HttpResponse> out;
  Fd fd(connect_loopback(port));
  if (fd.get() < 0) {
    set_error(error, std::string("connect: ") + std::strerror(errno));
    return out;
  }
  if (!send_all(fd.get(), raw, deadline)) set_error(error, "send failed");
  std::string buffer;
  while (out.size() < count) {
    std::size_t head_end = std::string::npos;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (read_some(fd.get(), buffer, deadline) <= 0) {
        set_error(error, "closed or timed out after " + std::to_string(out.size()) + " responses");
        return out;
      }
    }
    HttpResponse response;
    if (!parse_head(std::string_view(buffer).substr(0, head_end), response)) {
      set_error(error, "malformed response head: " + buffer.substr(0, head_end));
      return out;
    }
    std::size_t length = 0;
    if (auto value = response.header("Content-Length"))
      std::from_chars(value->data(), value->data() + value->size(), length);
    while (buffer.size() < head_end + 4 + length) {
      if (read_some(fd.get(), buffer, deadline) <= 0) {
        set_error(error, "body shorter than Content-Length");
        return out;
      }
    }
    response.body = buffer.substr(head_end + 4, length);
    buffer.erase(0, head_end + 4 + length);
    out.push_back(std::move(response));
  }
  return out;
}

std::string http_request(std::string_view method, std::string_view target,
                         const std::vector<std::string>& extra) {
  std::string r;
  r.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  r += "Host: 127.0.0.1\r\nConnection: close\r\nUser-Agent: kursbase-integration-test\r\n";
  for (const auto& h : extra) r.append(h).append("\r\n");
  r += "\r\n";
  return r;
}

HttpResponse http_get(std::uint16_t port, std::string_view target,
                      const std::vector<std::string>& extra) {
  std::string error;
  if (auto r = http_exchange(port, http_request("GET", target, extra), {}, &error)) return *r;
  HttpResponse none;
  none.reason = "no response: " + error;
  return none;
}

HttpResponse http_head(std::uint16_t port, std::string_view target) {
  std::string error;
  ExchangeOptions options;
  options.head = true;
  if (auto r = http_exchange(port, http_request("HEAD", target), options, &error)) return *r;
  HttpResponse none;
  none.reason = "no response: " + error;
  return none;
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace kursbase::testing
