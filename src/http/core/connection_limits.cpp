#include "http/core/connection_limits.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace kursbase::http {

std::size_t connection_cap(std::size_t configured, std::size_t descriptor_limit) {
  // At least a handful, so that a tiny limit still serves /healthz.
  const std::size_t by_descriptors =
      descriptor_limit > kReservedDescriptors + 8 ? descriptor_limit - kReservedDescriptors : 8;
  return std::max<std::size_t>(1, std::min(configured, by_descriptors));
}

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  // RLIM_INFINITY is not a count: cap what we report at something countable.
  return limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : std::size_t(limit.rlim_cur);
}

bool ClientConnections::admits(const std::string& client) const {
  std::lock_guard lock(mutex_);
  if (clients_.size() >= max_total_) return false;
  const auto it = per_client_.find(client);
  return it == per_client_.end() || it->second < max_per_client_;
}

void ClientConnections::opened(std::uint64_t id, const std::string& client) {
  std::lock_guard lock(mutex_);
  if (!clients_.emplace(id, client).second) return;
  ++per_client_[client];
}

void ClientConnections::closed(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = clients_.find(id);
  if (it == clients_.end()) return;
  const auto count = per_client_.find(it->second);
  if (count != per_client_.end() && --count->second == 0) per_client_.erase(count);
  clients_.erase(it);
}

std::size_t ClientConnections::open() const {
  std::lock_guard lock(mutex_);
  return clients_.size();
}

std::size_t ClientConnections::open_from(const std::string& client) const {
  std::lock_guard lock(mutex_);
  const auto it = per_client_.find(client);
  return it == per_client_.end() ? 0 : it->second;
}

}  // namespace kursbase::http
