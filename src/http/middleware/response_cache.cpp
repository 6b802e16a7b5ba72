#include "http/middleware/response_cache.hpp"

namespace kursbase::http {

Handler ResponseCache::wrap(Handler inner) {
  return [this, inner = std::move(inner)](const Request& request, const RouteMatch& match) {
    const bool cacheable = (request.method == "GET" || request.method == "HEAD") &&
                           request.header("cookie").empty() && ttl_.count() > 0;
    if (!cacheable) return inner(request, match);
    // The raw target keeps the query as sent; the language may come from
    // Accept-Language instead (no cookie here), so it is part of the key.
    const std::string key = request.language + ' ' + request.target;
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end() && it->second.expires > now)
        return *it->second.response;
    }
    Response response = inner(request, match);
    if (response.status != 200 || response.personal_data) return response;
    auto shared = std::make_shared<const Response>(response);
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_) {
      // Drop what has expired; if still full, start over (bounded memory).
      for (auto it = entries_.begin(); it != entries_.end();)
        it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
      if (entries_.size() >= max_entries_) entries_.clear();
    }
    entries_[key] = {now + ttl_, std::move(shared)};
    return response;
  };
}

}  // namespace kursbase::http
