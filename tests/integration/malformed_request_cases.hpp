#pragma once
// Generated malformed and adversarial HTTP requests, each with the answers it
// may legitimately get, for the storm in malformed_requests_test.cpp. The
// generator is deterministic: the same seed gives the same bytes everywhere.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace kursbase::testing {

// splitmix64: tiny, deterministic on every platform (std:: distributions are not).
class Prng {
 public:
  explicit Prng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform-enough integer in [0, n).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T, std::size_t N>
  const T& pick(const T (&values)[N]) {
    return values[below(N)];
  }
  template <class T>
  const T& pick(const std::vector<T>& values) {
    return values[below(values.size())];
  }
  // Printable ASCII without the characters that split a query.
  std::string word(std::size_t max_len) {
    static constexpr char kChars[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
    std::string s(1 + below(max_len), 'a');
    for (auto& c : s) c = kChars[below(sizeof kChars - 1)];
    return s;
  }
  std::string bytes(std::size_t len) {
    std::string s(len, '\0');
    for (auto& c : s) c = static_cast<char>(below(256));
    return s;
  }

 private:
  std::uint64_t state_;
};

// What a case may legitimately get back.
struct Expect {
  std::set<int> statuses;   // acceptable status codes
  bool silence_ok = false;  // the HTTP parser may drop the connection instead
};

struct Case {
  std::string name;  // category, for the summary
  std::string raw;   // the bytes sent
  Expect expect;
  bool half_close = false;  // for requests that would otherwise never end
  bool head = false;
};

// A few thousand cases: random and unknown query parameters and values, bad
// paging, long and very long targets, invalid UTF-8 and percent escapes, NUL
// bytes, many parameters, unknown ids, odd paths, methods, garbage request
// lines, truncated requests and header floods, over pages and /api/v1.
std::vector<Case> malformed_request_cases(std::uint64_t seed);

// Whether the request line's target starts with /api/ (JSON errors expected)
// or with /static/ (plain-text 404s).
bool targets_api(const std::string& raw);
bool targets_static(const std::string& raw);

}  // namespace kursbase::testing
