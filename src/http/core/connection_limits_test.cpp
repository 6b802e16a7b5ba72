#include "http/core/connection_limits.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace kursbase::http {
namespace {

TEST(ConnectionLimits, TheCapLeavesDescriptorsForEverythingElse) {
  EXPECT_EQ(connection_cap(1000, 1u << 20), 1000u);  // the configured cap
  EXPECT_EQ(connection_cap(1000, 1024), 1024 - kReservedDescriptors);
  EXPECT_EQ(connection_cap(1000, 256), 256 - kReservedDescriptors);
  EXPECT_EQ(connection_cap(1000, 20), 8u);  // a tiny limit still serves a few
  EXPECT_EQ(connection_cap(0, 1024), 1u);
}

TEST(ConnectionLimits, TheSoftDescriptorLimitIsRaisedToTheHardOne) {
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &before), 0);
  if (before.rlim_max == RLIM_INFINITY || before.rlim_max < 256)
    GTEST_SKIP() << "needs a finite hard limit of at least 256";
  rlimit lowered = before;
  lowered.rlim_cur = 128;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  EXPECT_EQ(raise_descriptor_limit(), std::size_t(before.rlim_max));
  rlimit after{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &after), 0);
  EXPECT_EQ(after.rlim_cur, before.rlim_max);
  setrlimit(RLIMIT_NOFILE, &before);
}

TEST(ClientConnections, EachClientHasItsOwnCapAndAllShareTheTotal) {
  ClientConnections c(5, 2);
  EXPECT_TRUE(c.admits("10.0.0.1"));
  c.opened(1, "10.0.0.1");
  c.opened(2, "10.0.0.1");
  EXPECT_FALSE(c.admits("10.0.0.1"));
  EXPECT_TRUE(c.admits("10.0.0.2"));
  c.opened(3, "10.0.0.2");
  c.opened(4, "10.0.0.3");
  c.opened(5, "10.0.0.4");
  EXPECT_EQ(c.open(), 5u);
  EXPECT_FALSE(c.admits("10.0.0.9")) << "the total is reached";
  c.closed(1);
  EXPECT_TRUE(c.admits("10.0.0.1"));
  EXPECT_EQ(c.open_from("10.0.0.1"), 1u);
  // An unknown or repeated close changes nothing.
  c.closed(1);
  c.closed(99);
  EXPECT_EQ(c.open(), 4u);
  EXPECT_EQ(c.open_from("10.0.0.1"), 1u);
  c.opened(2, "10.0.0.1");  // an id already open is not counted twice
  EXPECT_EQ(c.open_from("10.0.0.1"), 1u);
}

}  // namespace
}  // namespace kursbase::http
