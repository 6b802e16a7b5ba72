#include "http/middleware/client_address.hpp"

#include <gtest/gtest.h>

namespace kursbase::http {
namespace {

const std::vector<std::string> kProxies{"10.0.0.1", "10.0.0.2"};

TEST(ClientAddress, ThePeerWhenItIsNoTrustedProxy) {
  EXPECT_EQ(client_address("203.0.113.7", "198.51.100.1", kProxies), "203.0.113.7");
  EXPECT_EQ(client_address("203.0.113.7", "", {}), "203.0.113.7");
}

TEST(ClientAddress, TheRightmostUntrustedHopBehindTrustedProxies) {
  EXPECT_EQ(client_address("10.0.0.1", "198.51.100.1", kProxies), "198.51.100.1");
  // A client can write anything on the left; only the hops our proxies added count.
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 198.51.100.1", kProxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 198.51.100.1 , 10.0.0.2", kProxies),
            "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.1", "2001:db8::1", kProxies), "2001:db8::1");
  EXPECT_EQ(client_address("10.0.0.1", "2001:DB8:0::1", kProxies), "2001:db8::1");
}

TEST(ClientAddress, GarbageOrNothingLeavesTheLastTrustedHop) {
  EXPECT_EQ(client_address("10.0.0.1", "", kProxies), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "unknown", kProxies), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "198.51.100.1, <script>, 10.0.0.2", kProxies), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.1", "10.0.0.2", kProxies), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.1", ",,,", kProxies), "10.0.0.1");
}

}  // namespace
}  // namespace kursbase::http
