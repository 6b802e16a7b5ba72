#include "http/core/pipeline_depth.hpp"

namespace kursbase::http {

std::size_t PipelineDepth::begin(std::uint64_t connection) {
  std::lock_guard lock(mutex_);
  return ++in_flight_[connection];
}

void PipelineDepth::end(std::uint64_t connection) {
  std::lock_guard lock(mutex_);
  const auto it = in_flight_.find(connection);
  if (it == in_flight_.end()) return;
  if (--it->second == 0) in_flight_.erase(it);
}

void PipelineDepth::close_after_answer(std::uint64_t connection) {
  std::lock_guard lock(mutex_);
  closing_.insert(connection);
}

bool PipelineDepth::closing(std::uint64_t connection) const {
  std::lock_guard lock(mutex_);
  return closing_.count(connection) != 0;
}

void PipelineDepth::closed(std::uint64_t connection) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(connection);
  closing_.erase(connection);
}

std::size_t PipelineDepth::connections() const {
  std::lock_guard lock(mutex_);
  std::size_t kept = in_flight_.size();
  for (const auto connection : closing_) kept += in_flight_.count(connection) == 0 ? 1 : 0;
  return kept;
}

}  // namespace kursbase::http
