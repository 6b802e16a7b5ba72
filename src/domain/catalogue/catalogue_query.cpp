#include "domain/catalogue/catalogue_query.hpp"

#include <algorithm>
#include <charconv>

#include "domain/catalogue/search_text.hpp"
#include "domain/core/language.hpp"

namespace kursbase {
namespace {

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

bool is_municipality_number(std::string_view s) {
  return s.size() == 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_key(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool parse_flag(std::string_view s, bool& out) {
  if (s == "1" || s == "true" || s == "on") return out = true, true;
  if (s == "0" || s == "false" || s.empty()) return out = false, true;
  return false;
}

template <class T>
void add_unique(std::vector<T>& values, T value) {
  if (std::find(values.begin(), values.end(), value) == values.end())
    values.push_back(std::move(value));
}

constexpr std::pair<CatalogueSort, std::string_view> kSorts[] = {
    {CatalogueSort::Relevance, "relevance"},
    {CatalogueSort::Start, "start"},
    {CatalogueSort::Place, "place"},
};

}  // namespace

std::string_view key_of(CatalogueSort sort) {
  for (const auto& [s, key] : kSorts)
    if (s == sort) return key;
  return "relevance";
}

bool CatalogueQuery::has_filters() const {
  return !regions.empty() || !health_trusts.empty() || !municipalities.empty() || !fields.empty() ||
         !diagnoses.empty() || !target_groups.empty() || !languages.empty() || !formats.empty() ||
         from || to || free_seats_only || no_referral_only || open_only;
}

Result<CatalogueQuery> parse_catalogue_query(const QueryParams& params) {
  CatalogueQuery q;
  std::vector<FieldError> errors;
  auto fail = [&](const std::string& name, const char* key) {
    for (const auto& e : errors)
      if (e.field == name) return;
    errors.push_back({name, key});
  };
  std::size_t value_count = 0;

  for (const auto& [name, value] : params) {
    if (!is_valid_utf8(value) || !is_valid_utf8(name)) {
      fail(is_valid_utf8(name) ? name : "query", "catalogue.error.encoding");
      continue;
    }
    if (++value_count > CatalogueQuery::kMaxValuesPerFilter * 4) {
      fail("query", "catalogue.error.too_many_parameters");
      break;
    }
    if (name == "q") {
      if (code_points(value) > CatalogueQuery::kMaxTextChars) {
        fail(name, "catalogue.error.text_too_long");
        continue;
      }
      q.text = value;
    } else if (name == "region" || name == "hf") {
      if (value.empty()) continue;
      auto id = parse_id(value);
      if (!id) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(name == "region" ? q.regions : q.health_trusts, *id);
    } else if (name == "municipality") {
      if (value.empty()) continue;
      if (!is_municipality_number(value)) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(q.municipalities, value);
    } else if (name == "field") {
      if (value.empty()) continue;
      auto f = parse_key<Field>(value);
      if (!f) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(q.fields, *f);
    } else if (name == "diagnosis") {
      if (value.empty()) continue;
      if (!is_key(value)) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(q.diagnoses, value);
    } else if (name == "target") {
      if (value.empty()) continue;
      auto t = parse_key<TargetGroup>(value);
      if (!t) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(q.target_groups, *t);
    } else if (name == "language") {
      if (value.empty()) continue;
      if (!is_course_language(value)) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(q.languages, value);
    } else if (name == "format") {
      if (value.empty()) continue;
      auto f = parse_key<CourseFormat>(value);
      if (!f) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      add_unique(q.formats, *f);
    } else if (name == "from" || name == "to") {
      if (value.empty()) continue;
      auto d = parse_day(value);
      if (!d) {
        fail(name, "catalogue.error.date");
        continue;
      }
      (name == "from" ? q.from : q.to) = *d;
    } else if (name == "free_seats" || name == "no_referral" || name == "open") {
      bool flag = false;
      if (!parse_flag(value, flag)) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      (name == "free_seats" ? q.free_seats_only
       : name == "open"     ? q.open_only
                            : q.no_referral_only) = flag;
    } else if (name == "sort") {
      const auto* found = std::find_if(std::begin(kSorts), std::end(kSorts),
                                       [&](const auto& s) { return s.second == value; });
      if (found == std::end(kSorts)) {
        fail(name, "catalogue.error.unknown_value");
        continue;
      }
      q.sort = found->first;
    } else if (name == "page" || name == "page_size") {
      int v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      const int max = name == "page" ? CatalogueQuery::kMaxPage : CatalogueQuery::kMaxPageSize;
      if (value.empty() || ec != std::errc{} || p != value.data() + value.size() || v < 1 ||
          v > max) {
        fail(name, "catalogue.error.page");
        continue;
      }
      (name == "page" ? q.page : q.page_size) = v;
    }
  }
  for (auto* list : {&q.regions, &q.health_trusts})
    if (list->size() > CatalogueQuery::kMaxValuesPerFilter)
      fail("query", "catalogue.error.too_many_parameters");
  if (q.from && q.to && *q.from > *q.to) fail("to", "catalogue.error.date_order");
  if (!errors.empty())
    return malformed("catalogue.error.invalid_search", "bad catalogue query", std::move(errors));
  return q;
}

QueryParams to_query_params(const CatalogueQuery& q) {
  QueryParams p;
  if (!q.text.empty()) p.emplace_back("q", q.text);
  for (auto id : q.regions) p.emplace_back("region", std::to_string(id));
  for (auto id : q.health_trusts) p.emplace_back("hf", std::to_string(id));
  for (const auto& m : q.municipalities) p.emplace_back("municipality", m);
  for (auto f : q.fields) p.emplace_back("field", std::string(key_of(f)));
  for (const auto& d : q.diagnoses) p.emplace_back("diagnosis", d);
  for (auto t : q.target_groups) p.emplace_back("target", std::string(key_of(t)));
  for (const auto& l : q.languages) p.emplace_back("language", l);
  for (auto f : q.formats) p.emplace_back("format", std::string(key_of(f)));
  if (q.from) p.emplace_back("from", format_day(*q.from));
  if (q.to) p.emplace_back("to", format_day(*q.to));
  if (q.free_seats_only) p.emplace_back("free_seats", "1");
  if (q.no_referral_only) p.emplace_back("no_referral", "1");
  if (q.open_only) p.emplace_back("open", "1");
  if (q.sort != CatalogueSort::Relevance) p.emplace_back("sort", std::string(key_of(q.sort)));
  if (q.page_size != CatalogueQuery::kDefaultPageSize)
    p.emplace_back("page_size", std::to_string(q.page_size));
  if (q.page != 1) p.emplace_back("page", std::to_string(q.page));
  return p;
}

}  // namespace kursbase
