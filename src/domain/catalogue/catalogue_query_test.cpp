#include "domain/catalogue/catalogue_query.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(CatalogueQuery, ParsesEveryFilterAndRoundTrips) {
  QueryParams in{{"q", "kols"},
                 {"region", "1"},
                 {"hf", "5"},
                 {"hf", "6"},
                 {"municipality", "0301"},
                 {"field", "somatic"},
                 {"diagnosis", "kols"},
                 {"target", "adults"},
                 {"language", "nb"},
                 {"format", "digital"},
                 {"from", "2027-01-01"},
                 {"to", "2027-06-30"},
                 {"free_seats", "1"},
                 {"no_referral", "1"},
                 {"open", "1"},
                 {"sort", "place"},
                 {"page", "3"}};
  auto q = parse_catalogue_query(in);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->text, "kols");
  EXPECT_EQ(q->health_trusts, (std::vector<std::int64_t>{5, 6}));
  EXPECT_EQ(q->fields, std::vector<Field>{Field::Somatic});
  EXPECT_TRUE(q->free_seats_only);
  EXPECT_TRUE(q->open_only);
  EXPECT_EQ(q->sort, CatalogueSort::Place);
  EXPECT_EQ(q->page, 3);
  EXPECT_TRUE(q->has_filters());
  EXPECT_EQ(to_query_params(*q), in);
}

TEST(CatalogueQuery, EmptyValuesAndUnknownNamesAreIgnored) {
  auto q = parse_catalogue_query({{"hf", ""}, {"utm_source", "x"}, {"q", ""}});
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->has_filters());
  EXPECT_TRUE(to_query_params(*q).empty());
}

TEST(CatalogueQuery, BadValuesNameTheField) {
  struct Case {
    QueryParams params;
    const char* field;
  };
  for (const auto& c : std::vector<Case>{{{{"page", "-1"}}, "page"},
                                         {{{"page", "0"}}, "page"},
                                         {{{"page", "1x"}}, "page"},
                                         {{{"page", "99999999999"}}, "page"},
                                         {{{"field", "astrology"}}, "field"},
                                         {{{"hf", "abc"}}, "hf"},
                                         {{{"municipality", "301"}}, "municipality"},
                                         {{{"language", "xx"}}, "language"},
                                         {{{"from", "2027-02-30"}}, "from"},
                                         {{{"from", "2027-02-02"}, {"to", "2027-02-01"}}, "to"},
                                         {{{"q", std::string(300, 'a')}}, "q"},
                                         {{{"q", "ko\xffls"}}, "q"},
                                         {{{"free_seats", "maybe"}}, "free_seats"},
                                         {{{"open", "ja"}}, "open"},
                                         {{{"sort", "price"}}, "sort"}}) {
    auto q = parse_catalogue_query(c.params);
    ASSERT_FALSE(q.ok()) << c.field;
    EXPECT_EQ(q.error().code, ErrorCode::Malformed);
    ASSERT_FALSE(q.error().fields.empty());
    EXPECT_EQ(q.error().fields[0].field, c.field);
  }
}

TEST(CatalogueQuery, SortIsNoFilterAndRelevanceIsTheDefault) {
  auto q = parse_catalogue_query({{"sort", "start"}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->sort, CatalogueSort::Start);
  EXPECT_FALSE(q->has_filters());
  auto plain = parse_catalogue_query({{"sort", "relevance"}});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->sort, CatalogueSort::Relevance);
  EXPECT_TRUE(to_query_params(*plain).empty()) << "the default is left out of URLs";
}

TEST(CatalogueQuery, TooManyParametersIsRejected) {
  QueryParams many;
  for (int i = 0; i < 1000; ++i) many.emplace_back("hf", std::to_string(i + 1));
  EXPECT_FALSE(parse_catalogue_query(many).ok());
}

}  // namespace
}  // namespace kursbase
