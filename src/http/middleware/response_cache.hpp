#pragma once
// A short-lived cache of public, anonymous answers (micro-caching): the public
// catalogue is the same for everyone, read far more often than it changes, and
// already up to one refresh interval old (app/catalogue/catalogue_service.hpp). Serving
// a repeated search from here costs microseconds instead of a scan.
//
// Only GET/HEAD requests without any cookie are cached (a signed-in staff
// member's pages may differ), and only 200 answers. Thread-safe.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/core/route_table.hpp"

namespace kursbase::http {

class ResponseCache {
 public:
  ResponseCache(std::chrono::milliseconds ttl, std::size_t max_entries)
      : ttl_(ttl), max_entries_(max_entries) {}

  // `inner`, answered from the cache while an entry is fresh.
  Handler wrap(Handler inner);

 private:
  struct Entry {
    std::chrono::steady_clock::time_point expires;
    std::shared_ptr<const Response> response;
  };
  std::chrono::milliseconds ttl_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace kursbase::http
