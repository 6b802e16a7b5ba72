#include "http/core/http_version.hpp"

#include <gtest/gtest.h>

namespace kursbase::http {
namespace {

TEST(HttpVersion, OnlyOneZeroAndOneOneAreServed) {
  EXPECT_TRUE(supported_http_version(1, 0));
  EXPECT_TRUE(supported_http_version(1, 1));
  for (auto [major, minor] :
       {std::pair{0u, 9u}, {1u, 2u}, {2u, 0u}, {3u, 0u}, {1u, 10u}, {11u, 1u}})
    EXPECT_FALSE(supported_http_version(major, minor)) << major << "." << minor;
}

// The specialised parser settings put the version http_parser read into the
// header; RESTinio's own leave it at 1.1.
TEST(HttpVersion, TheParserSettingsCopyTheVersionIntoTheHeader) {
  for (const auto& [line, major, minor] : {std::tuple{"GET / HTTP/1.0\r\n\r\n", 1, 0},
                                           {"GET / HTTP/2.0\r\n\r\n", 2, 0},
                                           {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1, 1}}) {
    SCOPED_TRACE(line);
    const auto settings = restinio::impl::create_parser_settings<VersionedHttpMethods>();
    restinio::impl::http_parser_ctx_t ctx{restinio::incoming_http_msg_limits_t{}};
    http_parser parser;
    http_parser_init(&parser, HTTP_REQUEST);
    parser.data = &ctx;
    const std::string raw = line;
    http_parser_execute(&parser, &settings, raw.data(), raw.size());
    ASSERT_TRUE(ctx.m_message_complete);
    EXPECT_EQ(ctx.m_header.http_major(), major);
    EXPECT_EQ(ctx.m_header.http_minor(), minor);
  }
}

}  // namespace
}  // namespace kursbase::http
