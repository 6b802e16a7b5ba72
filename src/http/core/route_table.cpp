#include "http/core/route_table.hpp"

#include <algorithm>
#include <charconv>

namespace kursbase::http {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_id(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc{} && p == s.data() + s.size() && v > 0 && s[0] != '0';
}

bool is_token(const std::string& s) {
  return !s.empty() && s.size() <= 200 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

}  // namespace

std::int64_t RouteMatch::id(std::size_t i) const {
  std::int64_t v = 0;
  std::from_chars(params.at(i).data(), params.at(i).data() + params.at(i).size(), v);
  return v;
}

void RouteTable::add(std::string method, std::string pattern, Handler handler, RouteAccess access) {
  auto segments = split(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler), access});
}

std::vector<RouteTable::Entry> RouteTable::entries() const {
  std::vector<Entry> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern, r.access});
  return out;
}

const Handler* RouteTable::match(const Request& request, RouteMatch& match,
                                 std::vector<std::string>& other_methods,
                                 const RouteAccess** access) const {
  const auto segments = split(request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  const Handler* found = nullptr;
  int best_literals = -1;
  for (const auto& route : routes_) {
    std::vector<std::string> params;
    bool ok = true;
    int literals = 0;
    std::size_t i = 0;
    for (; i < route.segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want == "*") {
        if (i >= segments.size()) {
          ok = false;
          break;
        }
        std::string rest;
        for (std::size_t k = i; k < segments.size(); ++k) rest += (k > i ? "/" : "") + segments[k];
        params.push_back(rest);
        i = segments.size();
        break;
      }
      if (i >= segments.size()) {
        ok = false;
        break;
      }
      const auto& have = segments[i];
      if (want == "{id}")
        ok = is_id(have), params.push_back(have);
      else if (want == "{token}")
        ok = is_token(have), params.push_back(have);
      else {
        ok = want == have;
        ++literals;
      }
    }
    if (!ok || i != segments.size()) continue;
    if (route.method != method) {
      if (std::find(other_methods.begin(), other_methods.end(), route.method) ==
          other_methods.end())
        other_methods.push_back(route.method);
      continue;
    }
    // Of several that match, the one with the most literal segments wins, so
    // "/pamelding/kalender.ics" is not taken for "/pamelding/{token}", in
    // whatever order the feature modules add them.
    if (!found || literals > best_literals) {
      best_literals = literals;
      found = &route.handler;
      match.params = std::move(params);
      if (access) *access = &route.access;
    }
  }
  return found;
}

}  // namespace kursbase::http
