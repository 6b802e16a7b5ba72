#include "domain/staff/sign_in_throttle.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Instant kNow = *parse_instant("2027-01-10T10:00:00Z");

FailureHistory failures(int count, seconds ago) { return {count, kNow - ago}; }

TEST(SignInThrottle, DelaysGrowFromTheFirstPaidFailureAndStopAtTheMaximum) {
  const SignInThrottleSettings s;  // 3 free, 2 s doubling, at most 15 min
  EXPECT_EQ(growing_delay(0, 3, s), seconds(0));
  EXPECT_EQ(growing_delay(3, 3, s), seconds(0));
  EXPECT_EQ(growing_delay(4, 3, s), seconds(2));
  EXPECT_EQ(growing_delay(5, 3, s), seconds(4));
  EXPECT_EQ(growing_delay(8, 3, s), seconds(32));
  EXPECT_EQ(growing_delay(13, 3, s), seconds(900));  // 1024 s, capped
  EXPECT_EQ(growing_delay(1000, 3, s), seconds(900));
}

TEST(SignInThrottle, ThePairWaitsCountFromTheLatestFailure) {
  const SignInThrottleSettings s;
  SignInHistory h;
  h.pair = failures(3, seconds(0));
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(0));  // three mistypes are free
  h.pair = failures(5, seconds(1));
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(3));  // 4 s after the latest
  h.pair = failures(5, seconds(10));
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(0));
  // Known addresses do not escape the pair's own delay.
  h.known_address = true;
  h.pair = failures(6, seconds(0));
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(8));
}

TEST(SignInThrottle, AccountAndAddressCountersSpareAddressesTheAccountUsedBefore) {
  const SignInThrottleSettings s;  // account after 10, address after 30
  SignInHistory h;
  h.account = failures(14, seconds(0));  // a guesser spread over many addresses
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(16));
  h.known_address = true;
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(0));

  SignInHistory nat;
  nat.address = failures(40, seconds(5));  // a hospital's shared address
  EXPECT_EQ(sign_in_wait(nat, kNow, s), seconds(895));
  nat.known_address = true;
  EXPECT_EQ(sign_in_wait(nat, kNow, s), seconds(0));
}

TEST(SignInThrottle, TheLongestWaitWins) {
  const SignInThrottleSettings s;
  SignInHistory h;
  h.pair = failures(4, seconds(0));      // 2 s
  h.account = failures(12, seconds(0));  // 4 s
  h.address = failures(31, seconds(0));  // 2 s
  EXPECT_EQ(sign_in_wait(h, kNow, s), seconds(4));
}

}  // namespace
}  // namespace kursbase
