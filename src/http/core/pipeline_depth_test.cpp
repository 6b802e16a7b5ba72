#include "http/core/pipeline_depth.hpp"

#include <gtest/gtest.h>

namespace kursbase::http {
namespace {

TEST(PipelineDepth, CountsRequestsInFlightPerConnectionUntilWrittenOrClosed) {
  PipelineDepth depth;
  EXPECT_EQ(depth.begin(1), 1u);  // alone: answered in the handler
  depth.end(1);
  EXPECT_EQ(depth.connections(), 0u) << "nothing kept for an idle connection";
  EXPECT_EQ(depth.begin(1), 1u);
  EXPECT_EQ(depth.begin(1), 2u);  // pipelined behind the first
  EXPECT_EQ(depth.begin(2), 1u) << "per connection";
  depth.end(1);
  EXPECT_EQ(depth.begin(1), 2u);
  depth.closed(1);
  depth.end(1);  // a write that failed after the close: ignored
  EXPECT_EQ(depth.begin(1), 1u);
  EXPECT_EQ(depth.connections(), 2u);
}

TEST(PipelineDepth, AConnectionStaysClosingUntilItCloses) {
  PipelineDepth depth;
  EXPECT_EQ(depth.begin(1), 1u);
  EXPECT_FALSE(depth.closing(1));
  depth.close_after_answer(1);  // the 505
  EXPECT_TRUE(depth.closing(1));
  EXPECT_FALSE(depth.closing(2)) << "per connection";
  depth.end(1);  // the 505 written before RESTinio closes: still closing
  EXPECT_TRUE(depth.closing(1));
  EXPECT_EQ(depth.connections(), 1u);
  depth.closed(1);
  EXPECT_FALSE(depth.closing(1));
  EXPECT_EQ(depth.connections(), 0u) << "nothing kept for a closed connection";
}

}  // namespace
}  // namespace kursbase::http
