#include "domain/staff/sign_in_throttle.hpp"

#include <algorithm>
#include <cstdint>

namespace kursbase {

std::chrono::seconds growing_delay(int count, int free, const SignInThrottleSettings& s) {
  if (count <= free) return std::chrono::seconds(0);
  // Doubling 20 times passes any sane max_delay; stop there so the shift stays defined.
  const int doublings = std::min(count - free - 1, 20);
  return std::min(s.first_delay * (std::int64_t{1} << doublings), s.max_delay);
}

namespace {

std::chrono::seconds wait_after(const FailureHistory& h, int free, Instant now,
                                const SignInThrottleSettings& s) {
  const auto delay = growing_delay(h.count, free, s);
  if (delay.count() == 0) return delay;
  const auto until = h.latest + delay;
  return until > now ? std::chrono::duration_cast<std::chrono::seconds>(until - now)
                     : std::chrono::seconds(0);
}

}  // namespace

std::chrono::seconds sign_in_wait(const SignInHistory& history, Instant now,
                                  const SignInThrottleSettings& s) {
  auto wait = wait_after(history.pair, s.free_failures_per_pair, now, s);
  if (!history.known_address) {
    wait = std::max(wait, wait_after(history.account, s.max_failures_per_account, now, s));
    wait = std::max(wait, wait_after(history.address, s.max_failures_per_address, now, s));
  }
  return wait;
}

}  // namespace kursbase
