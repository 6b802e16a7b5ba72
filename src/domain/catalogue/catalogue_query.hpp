#pragma once
// What a person asks the public catalogue: free text, filters and a page.
// Parsed from URL query parameters (the same for the HTML page and the JSON
// API) and written back to them, so every state of the search page is a URL.
// Several values of one filter mean "any of these"; different filters combine.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/catalogue/course.hpp"
#include "domain/core/result.hpp"
#include "domain/core/time.hpp"

namespace kursbase {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The order of search results. Relevance: with free text, the best matches
// first; without, the courses one can sign up for first, by their next such
// run. Start: by the start of the run each result shows (the next bookable,
// else the next to start). Place: by that run's place, alphabetically, then
// its start; results with no place (online, or no runs) after those with one.
enum class CatalogueSort { Relevance, Start, Place };
std::string_view key_of(CatalogueSort sort);  // "relevance", "start", "place"

struct CatalogueQuery {
  static constexpr int kDefaultPageSize = 20;
  static constexpr int kMaxPageSize = 100;
  static constexpr int kMaxPage = 10'000;
  static constexpr std::size_t kMaxTextChars = 200;  // characters, not bytes
  static constexpr std::size_t kMaxValuesPerFilter = 50;

  std::string text;
  std::vector<std::int64_t> regions;        // RHF ids
  std::vector<std::int64_t> health_trusts;  // HF ids (also private hospitals)
  std::vector<std::string> municipalities;  // municipality numbers
  std::vector<Field> fields;
  std::vector<std::string> diagnoses;  // DiagnosisArea keys
  std::vector<TargetGroup> target_groups;
  std::vector<std::string> languages;  // language keys
  std::vector<CourseFormat> formats;
  std::optional<Day> from;  // a run starts on or after
  std::optional<Day> to;    // a run starts on or before
  bool free_seats_only = false;
  bool no_referral_only = false;
  bool open_only = false;  // a run in the window takes sign-ups (seat or waiting list)
  CatalogueSort sort = CatalogueSort::Relevance;
  int page = 1;  // 1-based
  int page_size = kDefaultPageSize;

  bool has_filters() const;
};

// Parses URL parameters. Unknown parameter names are ignored (links from other
// sites carry their own); a known parameter with a bad value is Malformed (a
// query parameter, not a submitted form: see ErrorCode) with a FieldError naming it. Values that
// look right but name nothing we know (an HF id that does not exist) are checked by the catalogue,
// not here.
Result<CatalogueQuery> parse_catalogue_query(const QueryParams& params);

// The parameters that reproduce `query` (page omitted when 1), in a fixed order.
QueryParams to_query_params(const CatalogueQuery& query);

}  // namespace kursbase
