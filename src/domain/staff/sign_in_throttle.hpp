#pragma once
// How long a sign-in attempt must wait, from the failures before it.
//
// Three counters, each over the last `window`:
// - username + client address: the first `free_failures_per_pair` failures cost
//   nothing, then each further attempt waits a delay that doubles (first_delay,
//   2 × first_delay, … up to max_delay) after the latest failure. This is the
//   limit that always applies: it slows a guesser at one address, and the owner
//   who mistypes waits seconds, not a quarter of an hour.
// - the username from any address, and the address for any username: past
//   `max_failures_per_account` / `max_failures_per_address` they add the same
//   growing delay, but only for an address the account has not signed in from
//   before. So a distributed guesser is slowed to a few tries an hour, and a
//   hospital behind one NAT address, where one desk mistyped twenty times, keeps
//   signing in: its staff have used that address before.
// The wait is decided before the password is checked, so a limited attempt
// learns nothing about the password.
#include <chrono>

#include "domain/core/time.hpp"

namespace kursbase {

struct SignInThrottleSettings {
  int free_failures_per_pair = 3;
  int max_failures_per_account = 10;
  int max_failures_per_address = 30;
  std::chrono::seconds first_delay = std::chrono::seconds(2);
  std::chrono::seconds max_delay = std::chrono::minutes(15);
  std::chrono::seconds window = std::chrono::minutes(15);
};

// Failures under one counter within the window.
struct FailureHistory {
  int count = 0;
  Instant latest{};  // meaningful when count > 0
};

struct SignInHistory {
  FailureHistory pair;         // this username from this address
  FailureHistory account;      // this username from any address
  FailureHistory address;      // any username from this address
  bool known_address = false;  // the account signed in from this address before
};

// The delay owed after `count` failures when the first `free` were free:
// 0 up to `free`, then first_delay doubling per failure, at most max_delay.
std::chrono::seconds growing_delay(int count, int free, const SignInThrottleSettings& s);

// How long from `now` until this attempt may be tried; zero: try it now.
std::chrono::seconds sign_in_wait(const SignInHistory& history, Instant now,
                                  const SignInThrottleSettings& s);

}  // namespace kursbase
