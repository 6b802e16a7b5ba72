// The HTTP SMS gateway: how the gateway's answers count, the request body, and
// an unreachable gateway (retried, and nothing personal in the error).
#include "adapters/sms/http_sms_gateway.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace kursbase::adapters {
namespace {

TEST(SmsGateway, FourHundredsAreFinalFiveHundredsAndSilenceAreRetried) {
  EXPECT_TRUE(sms_gateway_status(200, "").ok());
  EXPECT_TRUE(sms_gateway_status(202, "").ok());
  for (long code : {400L, 401L, 403L, 404L, 422L})
    EXPECT_EQ(sms_gateway_status(code, "").error().code, ErrorCode::InvalidInput) << code;
  for (long code : {408L, 429L, 500L, 502L, 503L})
    EXPECT_EQ(sms_gateway_status(code, "").error().code, ErrorCode::Unavailable) << code;
  EXPECT_EQ(sms_gateway_status(0, "Timeout was reached").error().code, ErrorCode::Unavailable);
}

TEST(SmsGateway, RequestBodyIsJsonWithToTextSender) {
  const auto body = nlohmann::json::parse(
      sms_request_body("+4791234567", "«KOLS» \"03.03\"\nlenke", "Kursbase LMS"));
  EXPECT_EQ(body.at("to"), "+4791234567");
  EXPECT_EQ(body.at("text"), "«KOLS» \"03.03\"\nlenke");
  EXPECT_EQ(body.at("sender"), "Kursbase LMS");
  EXPECT_EQ(body.size(), 3u);
}

TEST(SmsGateway, UnreachableGatewayIsRetriedAndSaysNothingPersonal) {
  // A port nobody listens on: the connection is refused at once.
  auto gateway = make_http_sms_gateway({"http://127.0.0.1:1/sms", "secret-token", "Kursbase", 5});
  auto sent = gateway->send("+4791234567", "hemmelig tekst");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(sent.error().detail.find("secret-token"), std::string::npos);
  EXPECT_EQ(sent.error().detail.find("91234567"), std::string::npos);
  EXPECT_EQ(sent.error().detail.find("hemmelig"), std::string::npos);
}

TEST(SmsGateway, WithoutAUrlMessagesStayQueued) {
  auto gateway = make_http_sms_gateway({"", "secret-token", "Kursbase", 5});
  auto sent = gateway->send("+4791234567", "tekst");
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, ErrorCode::Unavailable);
}

}  // namespace
}  // namespace kursbase::adapters
