// The public catalogue over real HTTP: a `kursbase serve` process with demo
// data (scale 1, seed 7, today 2027-01-10) and a raw-socket client.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "server_suite.hpp"

namespace kursbase::testing {
namespace {

using nlohmann::json;

class HttpCatalogue : public ServerSuite {
 protected:
  // GET /api/v1/courses?`query` (200 expected).
  static json search(const std::string& query) { return get_json("/api/v1/courses?" + query); }

  static std::set<std::int64_t> ids(const json& page) {
    std::set<std::int64_t> out;
    for (const auto& item : page["items"]) out.insert(item["id"].get<std::int64_t>());
    return out;
  }

  // The first facet value of `facet` in the unfiltered catalogue.
  static json first_facet(const std::string& facet) {
    const auto all = search("");
    EXPECT_FALSE(all["facets"][facet].empty()) << "no values in facet " << facet;
    return all["facets"][facet].empty() ? json() : all["facets"][facet][0];
  }

  // Whether an item mentions `word` in its title, summary or diagnosis keys.
  static bool mentions(const json& item, const std::string& word) {
    if (contains_ci(item.value("title", ""), word)) return true;
    if (contains_ci(item.value("summary", ""), word)) return true;
    for (const auto& d : item["diagnoses"])
      if (contains_ci(d.is_string() ? d.get<std::string>() : d.dump(), word)) return true;
    return false;
  }
};

// "…+01:00" (winter) or "…+02:00" (summer): Europe/Oslo wall time with offset.
// Whether `array` holds `value`, as a string or as an object's "key"
// (diagnoses are {"key", "name", "icd10"} objects).
bool has(const json& array, const std::string& value) {
  return std::any_of(array.begin(), array.end(), [&](const json& e) {
    return e == value || (e.is_object() && e.value("key", "") == value);
  });
}

const std::regex kOsloTimestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?\+0[12]:00)");

std::string unescape_html(std::string s) {
  for (std::size_t at; (at = s.find("&amp;")) != std::string::npos;) s.replace(at, 5, "&");
  return s;
}

// href values starting with "/?" in an HTML page (the search's own links).
std::vector<std::string> search_links(const std::string& html) {
  static const std::regex href(R"re(href="(/\?[^"]*)")re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator();
       ++it)
    out.push_back(unescape_html((*it)[1].str()));
  return out;
}

TEST_F(HttpCatalogue, HealthzAnswersOk) {
  const auto j = get_json("/healthz");
  EXPECT_EQ(j.value("status", ""), "ok");
}

TEST_F(HttpCatalogue, SearchPageIsNorwegianHtmlWithSecurityHeaders) {
  const auto r = get("/");
  ASSERT_EQ(r.status, 200) << r.reason;
  EXPECT_NE(r.header("Content-Type").value_or("").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("<html lang=\"nb\""), std::string::npos);
  EXPECT_NE(r.body.find("<form"), std::string::npos);

  const auto csp = r.header("Content-Security-Policy");
  ASSERT_TRUE(csp.has_value()) << "no Content-Security-Policy";
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos) << *csp;
  EXPECT_EQ(csp->find("unsafe-eval"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("object-src 'none'"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("base-uri 'none'"), std::string::npos) << *csp;
  EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos) << *csp;
  EXPECT_EQ(r.header("X-Content-Type-Options").value_or(""), "nosniff");
  EXPECT_FALSE(r.header("Referrer-Policy").value_or("").empty());
  // No inline scripts or styles that the CSP would block anyway.
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_EQ(r.body.find(" style=\""), std::string::npos);

  // JSON responses carry the same headers.
  const auto api = get("/api/v1/courses");
  EXPECT_EQ(api.header("X-Content-Type-Options").value_or(""), "nosniff");
  EXPECT_TRUE(api.header("Content-Security-Policy").has_value());
}

TEST_F(HttpCatalogue, TextSearchFindsKolsCourses) {
  const auto j = search("q=kols&page_size=100");
  ASSERT_TRUE(j.is_object());
  ASSERT_GT(j["total"].get<int>(), 0);
  ASSERT_FALSE(j["items"].empty());
  EXPECT_TRUE(mentions(j["items"][0], "kols")) << j["items"][0].dump(2);
  // Every hit is about KOLS, not just the best one.
  for (const auto& item : j["items"]) EXPECT_TRUE(mentions(item, "kols")) << item["title"];
  // Matching is case-insensitive.
  EXPECT_EQ(search("q=KOLS&page_size=100")["total"], j["total"]);
  // Fewer than the whole catalogue.
  EXPECT_LT(j["total"].get<int>(), search("")["total"].get<int>());
}

TEST_F(HttpCatalogue, TextSearchFindsParkinsonTitles) {
  const auto j = search("q=parkinson");
  ASSERT_TRUE(j.is_object());
  ASSERT_GT(j["total"].get<int>(), 0);
  const bool titled = std::any_of(j["items"].begin(), j["items"].end(), [](const json& item) {
    return item["title"].get<std::string>().rfind("Parkinson", 0) == 0;
  });
  EXPECT_TRUE(titled) << j["items"].dump(2).substr(0, 2000);
  for (const auto& item : j["items"]) EXPECT_TRUE(mentions(item, "parkinson")) << item["title"];
}

TEST_F(HttpCatalogue, TextSearchFoldsNorwegianLetters) {
  const auto folded = search("q=parorende");
  const auto exact = search("q=" + url_encode("pårørende"));
  ASSERT_TRUE(folded.is_object());
  ASSERT_TRUE(exact.is_object());
  EXPECT_GT(exact["total"].get<int>(), 0);
  EXPECT_EQ(folded["total"], exact["total"]);
  EXPECT_EQ(ids(folded), ids(exact));
  // Upper case and a form-encoded space work the same way.
  EXPECT_EQ(search("q=" + url_encode("PÅRØRENDE"))["total"], exact["total"]);
}

TEST_F(HttpCatalogue, FiltersNarrowAndFacetCountsMatchTotals) {
  const auto all = search("");
  ASSERT_TRUE(all.is_object());
  const int everything = all["total"].get<int>();
  ASSERT_GT(everything, 0);

  for (const std::string facet :
       {"field", "target", "language", "format", "hf", "municipality", "region", "diagnosis"}) {
    SCOPED_TRACE("facet " + facet);
    const auto& values = all["facets"][facet];
    ASSERT_TRUE(values.is_array()) << all["facets"].dump();
    ASSERT_FALSE(values.empty());
    // The first, the last and a middle value: different sizes of result.
    for (std::size_t i : {std::size_t{0}, values.size() / 2, values.size() - 1}) {
      const auto value = values[i]["value"].is_string() ? values[i]["value"].get<std::string>()
                                                        : values[i]["value"].dump();
      SCOPED_TRACE(facet + "=" + value);
      const auto filtered = search(facet + "=" + url_encode(value) + "&page_size=50");
      ASSERT_TRUE(filtered.is_object());
      EXPECT_EQ(filtered["total"], values[i]["count"]);
      EXPECT_LE(filtered["total"].get<int>(), everything);
      EXPECT_GT(filtered["total"].get<int>(), 0);
      for (const auto& item : filtered["items"]) {
        if (facet == "field") {
          EXPECT_EQ(item["field"], value);
        } else if (facet == "format") {
          EXPECT_EQ(item["format"], value);
        } else if (facet == "target") {
          EXPECT_TRUE(has(item["target_groups"], value)) << item["target_groups"];
        } else if (facet == "language") {
          EXPECT_TRUE(has(item["languages"], value)) << item["languages"];
        } else if (facet == "diagnosis") {
          EXPECT_TRUE(has(item["diagnoses"], value)) << item["diagnoses"];
        }
      }
    }
  }
  // At least one filter value narrows the catalogue.
  EXPECT_LT(
      search("format=" + first_facet("format")["value"].get<std::string>())["total"].get<int>(),
      everything);

  const auto free = search("free_seats=1");
  EXPECT_EQ(free["total"], all["facets"]["free_seats"]);
  EXPECT_LE(free["total"].get<int>(), everything);
  EXPECT_GT(free["total"].get<int>(), 0);

  const auto open_access = search("no_referral=1&page_size=50");
  EXPECT_EQ(open_access["total"], all["facets"]["no_referral"]);
  EXPECT_LT(open_access["total"].get<int>(), everything);
  for (const auto& item : open_access["items"]) EXPECT_FALSE(item["referral_required"].get<bool>());

  // Two filters narrow at least as much as either.
  const auto field = first_facet("field")["value"].get<std::string>();
  const auto both = search("field=" + field + "&no_referral=1");
  EXPECT_LE(both["total"].get<int>(), open_access["total"].get<int>());
  EXPECT_LE(both["total"].get<int>(), search("field=" + field)["total"].get<int>());

  // A date window narrows; an empty window in the far past finds nothing.
  const auto spring = search("from=2027-03-01&to=2027-03-31");
  EXPECT_GT(spring["total"].get<int>(), 0);
  EXPECT_LT(spring["total"].get<int>(), everything);
  EXPECT_EQ(search("from=1990-01-01&to=1990-01-02")["total"].get<int>(), 0);
  // to before from is an input error, not an empty result.
  get_json("/api/v1/courses?from=2027-03-01&to=2027-02-01", 400);
}

TEST_F(HttpCatalogue, PagesDoNotOverlapAndTotalIsStable) {
  const auto first = search("page_size=10&page=1");
  const auto second = search("page_size=10&page=2");
  ASSERT_TRUE(first.is_object());
  ASSERT_TRUE(second.is_object());
  ASSERT_GT(first["total"].get<int>(), 20);
  EXPECT_EQ(first["total"], second["total"]);
  EXPECT_EQ(first["page"], 1);
  EXPECT_EQ(second["page"], 2);
  EXPECT_EQ(first["items"].size(), 10u);
  EXPECT_EQ(second["items"].size(), 10u);
  const auto a = ids(first), b = ids(second);
  std::vector<std::int64_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  EXPECT_TRUE(common.empty()) << common.size() << " courses on both pages";
  // The same page twice is the same page (a stable order).
  EXPECT_EQ(ids(search("page_size=10&page=2")), b);
  // Past the last page: an empty page, still 200.
  const int last = (first["total"].get<int>() + 9) / 10;
  const auto beyond = search("page_size=10&page=" + std::to_string(last + 1));
  EXPECT_TRUE(beyond["items"].empty());
  EXPECT_EQ(beyond["total"], first["total"]);
}

TEST_F(HttpCatalogue, CourseAndRunJsonShapes) {
  const auto hits = search("free_seats=1&page_size=20");
  ASSERT_TRUE(hits.is_object());
  ASSERT_FALSE(hits["items"].empty());
  int runs_checked = 0;
  std::set<std::string> offsets;
  for (const auto& item : hits["items"]) {
    const auto id = std::to_string(item["id"].get<std::int64_t>());
    SCOPED_TRACE("course " + id);
    EXPECT_EQ(item["url"], "/kurs/" + id);
    const auto course = get_json("/api/v1/courses/" + id);
    ASSERT_TRUE(course.is_object());
    EXPECT_EQ(course["id"], item["id"]);
    EXPECT_EQ(course["title"], item["title"]);
    for (const char* key : {"summary", "description", "field", "format", "languages",
                            "target_groups", "programme", "runs", "diagnoses", "contact"})
      EXPECT_TRUE(course.contains(key)) << key;
    EXPECT_FALSE(course["runs"].empty());
    for (const auto& summary : course["runs"]) {
      const auto run_id = std::to_string(summary["id"].get<std::int64_t>());
      SCOPED_TRACE("run " + run_id);
      const auto run = get_json("/api/v1/runs/" + run_id);
      ASSERT_TRUE(run.is_object());
      EXPECT_EQ(run["id"], summary["id"]);
      EXPECT_EQ(run["course_id"], course["id"]);
      EXPECT_TRUE(run["capacity"].is_number_integer());
      EXPECT_GT(run["capacity"].get<int>(), 0);
      EXPECT_TRUE(run["confirmed"].is_number_integer());
      EXPECT_TRUE(run["waitlisted"].is_number_integer());
      EXPECT_GE(run["confirmed"].get<int>(), 0);
      EXPECT_LE(run["confirmed"].get<int>(), run["capacity"].get<int>());
      EXPECT_TRUE(run["status"].is_string());
      EXPECT_EQ(run["status"], summary["status"]);
      ASSERT_TRUE(run["sessions"].is_array());
      ASSERT_FALSE(run["sessions"].empty());
      for (const auto& s : run["sessions"]) {
        const auto starts = s["starts_at"].get<std::string>();
        const auto ends = s["ends_at"].get<std::string>();
        EXPECT_TRUE(std::regex_match(starts, kOsloTimestamp)) << starts;
        EXPECT_TRUE(std::regex_match(ends, kOsloTimestamp)) << ends;
        EXPECT_LT(starts, ends);
        // Oslo is +01:00 from November to February and +02:00 from May to August.
        const int month = std::stoi(starts.substr(5, 2));
        const auto offset = starts.substr(starts.size() - 6);
        if (month <= 2 || month >= 11) {
          EXPECT_EQ(offset, "+01:00") << starts;
        } else if (month >= 5 && month <= 8) {
          EXPECT_EQ(offset, "+02:00") << starts;
        }
        offsets.insert(offset);
      }
      ++runs_checked;
    }
  }
  EXPECT_GT(runs_checked, 0);
  EXPECT_FALSE(offsets.empty());
}

TEST_F(HttpCatalogue, CourseAndRunPagesAreHtml) {
  // A course with an upcoming run: the course page links to that run.
  const auto hits = search("free_seats=1&page_size=5");
  ASSERT_FALSE(hits["items"].empty());
  const auto& item = hits["items"][0];
  ASSERT_TRUE(item["next_run"].is_object()) << item.dump();
  const auto course_id = std::to_string(item["id"].get<std::int64_t>());
  const auto page = get("/kurs/" + course_id);
  ASSERT_EQ(page.status, 200) << page.reason;
  EXPECT_NE(page.header("Content-Type").value_or("").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("<html lang=\"nb\""), std::string::npos);
  // The title's first word (before any character HTML would escape).
  const auto title = item["title"].get<std::string>();
  EXPECT_NE(page.body.find(title.substr(0, title.find_first_of("&<>\"' "))), std::string::npos);

  const auto run_id = std::to_string(item["next_run"]["id"].get<std::int64_t>());
  const auto run_page = get("/gjennomforing/" + run_id);
  ASSERT_EQ(run_page.status, 200) << run_page.reason;
  EXPECT_NE(run_page.body.find("<html lang=\"nb\""), std::string::npos);
  // The run page links back to its course, and the course page to the run.
  EXPECT_NE(run_page.body.find("/kurs/" + course_id), std::string::npos);
  EXPECT_NE(page.body.find("/gjennomforing/" + run_id), std::string::npos);
}

// Issue 13: a course's texts in more languages. Search finds it by words only
// a translation has; its pages show the reader's language when it has it,
// else its own text marked with its language; the JSON gives every text.
TEST_F(HttpCatalogue, CourseTextsAreShownInTheReadersLanguageAndSearchedInAll) {
  // A word only the North Sami title has.
  const auto sami = search("q=s%C3%A1megillii");
  ASSERT_FALSE(sami["items"].empty()) << sami.dump();
  const auto& item = sami["items"][0];
  EXPECT_EQ(item["text_language"], "nb");
  std::string sami_title;
  for (const auto& t : item["translations"])
    if (t["language"] == "se") sami_title = t["title"].get<std::string>();
  ASSERT_FALSE(sami_title.empty()) << item.dump();
  EXPECT_FALSE(item["translations"][0].contains("description"));  // not in results
  const auto id = std::to_string(item["id"].get<std::int64_t>());
  const auto course = get_json("/api/v1/courses/" + id);
  ASSERT_FALSE(course["translations"].empty());
  EXPECT_TRUE(course["translations"][0].contains("description"));

  // In Sami: the Sami title, in the page's language, so with no lang of its own.
  const auto se = get("/kurs/" + id + "?lang=se");
  ASSERT_EQ(se.status, 200);
  EXPECT_NE(se.body.find("<h1 class=\"ds-heading\" data-size=\"lg\">" + sami_title + "</h1>"),
            std::string::npos)
      << se.body;
  // The other languages it is written in, as links in themselves.
  EXPECT_NE(se.body.find("href=\"/kurs/" + id + "?lang=nb\" hreflang=\"nb\" lang=\"nb\""),
            std::string::npos);
  // The programme is in bokmål, and says so.
  EXPECT_NE(se.body.find("<td lang=\"nb\">"), std::string::npos);
  // In nynorsk it has no text: its bokmål one, marked, and a word that it is so.
  const auto nn = get("/kurs/" + id + "?lang=nn");
  const auto own_title = item["title"].get<std::string>();
  EXPECT_NE(nn.body.find("data-size=\"lg\" lang=\"nb\">" + own_title.substr(0, 10)),
            std::string::npos)
      << nn.body;
  EXPECT_NE(nn.body.find("Kursskildringa er ikkje omsett."), std::string::npos);
  // The search page in Sami: this card in Sami, unmarked; a bokmål card marked.
  const auto cards = get("/?lang=se&q=diabetes&page_size=50");
  EXPECT_NE(cards.body.find("href=\"/kurs/" + id + "\">" + sami_title), std::string::npos)
      << cards.body;
  EXPECT_NE(cards.body.find("\" lang=\"nb\">"), std::string::npos);

  // A course written in English, with a bokmål text: bokmål readers get that,
  // and the English programme is marked English.
  const auto english = search("q=parenting");
  ASSERT_FALSE(english["items"].empty());
  const auto& en_item = english["items"][0];
  EXPECT_EQ(en_item["text_language"], "en");
  const auto en_id = std::to_string(en_item["id"].get<std::int64_t>());
  const auto nb = get("/kurs/" + en_id);
  EXPECT_NE(nb.body.find("<h1 class=\"ds-heading\" data-size=\"lg\">Foreldre til barn med ADHD"),
            std::string::npos)
      << nb.body;
  EXPECT_NE(nb.body.find("<td lang=\"en\">What is ADHD?</td>"), std::string::npos);
  const auto en = get("/kurs/" + en_id + "?lang=en");
  EXPECT_NE(en.body.find("<h1 class=\"ds-heading\" data-size=\"lg\">Parenting a child"),
            std::string::npos);
  EXPECT_NE(en.body.find("<td>What is ADHD?</td>"), std::string::npos);
  // Found by its bokmål words too.
  EXPECT_TRUE(ids(search("q=foreldre%20adhd%20engelsk")).count(en_item["id"].get<std::int64_t>()));
}

TEST_F(HttpCatalogue, HeadAnswersLikeGetWithoutABody) {
  for (const std::string target :
       {"/", "/api/v1/courses?q=kols", "/healthz", "/static/ds/designsystemet.css"}) {
    SCOPED_TRACE(target);
    const auto got = get(target);
    const auto head = http_head(port(), target);
    EXPECT_EQ(head.status, 200) << head.reason;
    EXPECT_EQ(head.header("Content-Type"), got.header("Content-Type"));
    EXPECT_TRUE(head.body.empty()) << head.body.size() << " bytes after a HEAD response";
    EXPECT_TRUE(head.header("Content-Security-Policy").has_value());
  }
  const auto missing = http_head(port(), "/kurs/999999999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.body.empty());
}

TEST_F(HttpCatalogue, UnknownIdsAre404InHtmlAndJson) {
  for (const std::string target :
       {"/kurs/999999999", "/gjennomforing/999999999", "/finnes-ikke", "/kurs/0", "/kurs/abc"}) {
    const auto r = get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(html_error_problem(r), "") << target;
    EXPECT_TRUE(looks_norwegian(r.body)) << target;
  }
  for (const std::string target : {"/api/v1/courses/999999999", "/api/v1/runs/999999999",
                                   "/api/v1/finnes-ikke", "/api/v1/courses/abc"}) {
    const auto r = get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(api_error_problem(r), "") << target;
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << target;
    EXPECT_EQ(j["error"]["code"], "not_found") << target;
  }
}

TEST_F(HttpCatalogue, OtherMethodsAre405) {
  for (const std::string method : {"POST", "PUT", "DELETE", "PATCH"}) {
    for (const std::string target : {"/", "/api/v1/courses", "/kurs/1"}) {
      SCOPED_TRACE(method + " " + target);
      const bool api = target.rfind("/api/", 0) == 0;
      // Sent as the JSON API would be (so the CSRF check lets it through).
      const auto r = http_exchange(
          port(),
          http_request(method, target, {"Content-Type: application/json", "Content-Length: 2"}) +
              "{}");
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->status, 405);
      EXPECT_NE(r->header("Allow").value_or("").find("GET"), std::string::npos);
      EXPECT_EQ(api ? api_error_problem(*r) : html_error_problem(*r), "");
      // A form post without a CSRF token: refused either way, never served.
      const auto form = http_exchange(
          port(),
          http_request(method, target,
                       {"Content-Type: application/x-www-form-urlencoded", "Content-Length: 5"}) +
              "q=abc");
      ASSERT_TRUE(form.has_value());
      EXPECT_TRUE(form->status == 403 || form->status == 405) << form->status;
      EXPECT_EQ(api ? api_error_problem(*form) : html_error_problem(*form), "");
    }
  }
}

TEST_F(HttpCatalogue, StaticFilesAreServedAndTraversalIsNot) {
  const auto css = get("/static/ds/designsystemet.css");
  ASSERT_EQ(css.status, 200) << css.reason;
  EXPECT_EQ(css.header("Content-Type").value_or("").rfind("text/css", 0), 0u)
      << css.header("Content-Type").value_or("");
  EXPECT_GT(css.body.size(), 1000u);
  EXPECT_EQ(get("/static/kursbase.css").status, 200);
  EXPECT_EQ(get("/static/finnes-ikke.css").status, 404);

  for (const std::string target :
       {"/static/../CMakeLists.txt", "/static/../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd", "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/ds/../../../etc/passwd",
        "/static/..\\..\\etc\\passwd", "/static/ds/%2e%2e/%2e%2e/catalogue.db",
        "/static/../catalogue.db", "/static/", "/static/ds", "/static/ds/"}) {
    SCOPED_TRACE(target);
    const auto r = get(target);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << r.status << " " << r.reason;
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    EXPECT_EQ(r.body.find("SQLite format"), std::string::npos);
  }
}

TEST_F(HttpCatalogue, SearchPageLinksKeepTheFilters) {
  // A filtered search with several pages.
  const auto all = search("");
  const auto field = all["facets"]["field"][0]["value"].get<std::string>();
  const auto filtered = search("field=" + field + "&no_referral=1");
  ASSERT_GT(filtered["total"].get<int>(), filtered["page_size"].get<int>())
      << "need more than one page of " << field;

  const std::string query = "q=&field=" + field + "&no_referral=1";
  const auto html = get("/?" + query);
  ASSERT_EQ(html.status, 200) << html.reason;
  // The form shows the chosen filters.
  EXPECT_NE(html.body.find("value=\"" + field + "\" checked"), std::string::npos);
  EXPECT_NE(html.body.find("name=\"no_referral\" value=\"1\" checked"), std::string::npos);

  const auto links = search_links(html.body);
  const auto next = std::find_if(links.begin(), links.end(), [](const std::string& l) {
    return l.find("page=2") != std::string::npos;
  });
  ASSERT_NE(next, links.end()) << "no link to page 2 among " << links.size() << " links";
  EXPECT_NE(next->find("field=" + field), std::string::npos) << *next;
  EXPECT_NE(next->find("no_referral=1"), std::string::npos) << *next;

  // Following the link gives page 2 of the same search, in HTML and in JSON.
  const auto page2 = get(*next);
  EXPECT_EQ(page2.status, 200) << *next;
  EXPECT_NE(page2.body.find("aria-current=\"page\">2<"), std::string::npos);
  const auto api2 = get_json("/api/v1/courses" + next->substr(1));
  ASSERT_TRUE(api2.is_object());
  EXPECT_EQ(api2["page"], 2);
  EXPECT_EQ(api2["total"], filtered["total"]);
  ASSERT_FALSE(api2["items"].empty());
  EXPECT_NE(page2.body.find("/kurs/" + std::to_string(api2["items"][0]["id"].get<std::int64_t>())),
            std::string::npos);
  // Its "previous" link leads back to the first page with the filters.
  const auto back = search_links(page2.body);
  EXPECT_TRUE(std::any_of(back.begin(), back.end(), [&](const std::string& l) {
    return l.find("page=") == std::string::npos && l.find("field=" + field) != std::string::npos;
  }));
}

// Issue "Every state right": what people type is read kindly, and said so.
TEST_F(HttpCatalogue, MisspeltWordFindsWhatTheRightWordFindsAndSaysSo) {
  const auto right = search("q=diabetes&page_size=100");
  const auto typo = search("q=diabetis&page_size=100");
  ASSERT_GT(right["total"].get<int>(), 0);
  EXPECT_EQ(typo["total"], right["total"]);
  EXPECT_EQ(ids(typo), ids(right));
  EXPECT_FALSE(right.contains("text")) << "nothing to say when the words are searched as typed";
  ASSERT_TRUE(typo.contains("text")) << typo.dump().substr(0, 500);
  EXPECT_EQ(typo["text"]["shown"], "diabetes");
  EXPECT_EQ(typo["text"]["terms"][0]["reading"], "corrected");
  EXPECT_EQ(typo["text"]["terms"][0]["typed"], "diabetis");
  const auto page = get("/?q=diabetis");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Viser treff for «diabetes»."), std::string::npos);
  EXPECT_EQ(get("/?q=diabetes").body.find("Viser treff for"), std::string::npos);
  // Short words are not guessed at: "kolz" is not "kols".
  EXPECT_EQ(search("q=kolz")["total"], 0);
}

TEST_F(HttpCatalogue, LayWordsFindTheCoursesTheCatalogueNamesOtherwise) {
  const auto lay = search("q=sukkersyke&page_size=100");
  const auto medical = search("q=diabetes&page_size=100");
  ASSERT_GT(medical["total"].get<int>(), 0);
  // Every diabetes course, and whatever says "sukkersyke" itself (none in the demo).
  EXPECT_EQ(ids(lay), ids(medical));
  EXPECT_EQ(lay["text"]["shown"], "sukkersyke eller diabetes");
  EXPECT_EQ(lay["text"]["terms"][0]["reading"], "synonym");
  EXPECT_NE(get("/?q=sukkersyke").body.find("Viser treff for «sukkersyke eller diabetes»."),
            std::string::npos);
  // lungesykdom → KOLS among others; hjerteinfarkt → every "hjerte…" course.
  const auto lungs = search("q=lungesykdom&page_size=100");
  const auto kols = search("q=kols&page_size=100");
  ASSERT_GT(kols["total"].get<int>(), 0);
  EXPECT_GE(lungs["total"].get<int>(), kols["total"].get<int>());
  if (kols["total"].get<int>() <= 100 && lungs["total"].get<int>() <= 100) {
    const auto lung_ids = ids(lungs);
    for (auto id : ids(kols)) EXPECT_TRUE(lung_ids.count(id)) << "KOLS course " << id;
  }
  EXPECT_GT(search("q=hjerteinfarkt")["total"].get<int>(), 0);
  EXPECT_EQ(search("q=hjerteinfarkt")["total"], search("q=hjerte")["total"]);
}

TEST_F(HttpCatalogue, OpenForSignUpKeepsOnlyCoursesOneCanJoin) {
  const auto all = search("page_size=100");
  const auto open = search("open=1&page_size=100");
  ASSERT_GT(open["total"].get<int>(), 0);
  EXPECT_LT(open["total"].get<int>(), all["total"].get<int>());
  EXPECT_EQ(all["facets"]["open"], open["total"]) << "the count beside the box is what it gives";
  for (const auto& item : open["items"]) {
    ASSERT_TRUE(item.contains("next_run")) << item["title"];
    EXPECT_NE(item["next_run"]["sign_up"], "none") << item["title"];
  }
  // "Free seats" is the narrower one: every course with a free seat takes sign-ups.
  EXPECT_LE(all["facets"]["free_seats"].get<int>(), open["total"].get<int>());
  EXPECT_EQ(get("/api/v1/courses?open=ja").status, 400);
}

TEST_F(HttpCatalogue, SortByStartAndByPlaceOrderWhatTheCardsShow) {
  auto start_of = [](const json& item) {
    return item.contains("next_run") ? item["next_run"]["starts_at"].get<std::string>()
                                     : std::string("~");  // no run to come: last
  };
  const auto by_start = search("sort=start&page_size=100&q=kurs");
  ASSERT_GT(by_start["items"].size(), 10u);
  for (std::size_t k = 1; k < by_start["items"].size(); ++k) {
    // Same offset in one season; compare instants by their text within a winter page.
    const auto a = start_of(by_start["items"][k - 1]), b = start_of(by_start["items"][k]);
    if (a.substr(19) == b.substr(19)) {
      EXPECT_LE(a, b) << "item " << k;
    }
  }
  const auto by_place = search("sort=place&page_size=100");
  std::vector<std::string> places;
  for (const auto& item : by_place["items"])
    if (item.contains("next_run") && item["next_run"].contains("location"))
      places.push_back(item["next_run"]["location"]["postal_place"].get<std::string>());
  ASSERT_GT(places.size(), 10u);
  auto ascii = [](const std::string& p) {
    return std::all_of(p.begin(), p.end(), [](char c) { return (c & 0x80) == 0; });
  };
  for (std::size_t k = 1; k < places.size(); ++k)
    if (ascii(places[k - 1]) && ascii(places[k])) {
      EXPECT_LE(places[k - 1], places[k]) << "item " << k;
    }
  EXPECT_EQ(places.front().substr(0, 1), "A")
      << "the first page starts at the start of the alphabet";
  // The page offers the three orders and keeps the one chosen.
  const auto html = get("/?sort=place").body;
  EXPECT_NE(html.find("<option value=\"place\" selected>Sted</option>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"start\">Oppstart</option>"), std::string::npos);
  EXPECT_EQ(get("/?sort=price").status, 400);
}

TEST_F(HttpCatalogue, BadSearchIsA400InNorwegian) {
  const auto html = get("/?field=finnes-ikke");
  EXPECT_EQ(html.status, 400);
  EXPECT_EQ(html_error_problem(html), "");
  const auto api = get("/api/v1/courses?field=finnes-ikke");
  EXPECT_EQ(api.status, 400);
  EXPECT_EQ(api_error_problem(api), "");
  const auto j = nlohmann::json::parse(api.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["error"]["code"], "malformed");
  ASSERT_FALSE(j["error"]["fields"].empty());
  EXPECT_EQ(j["error"]["fields"][0]["field"], "field");
}

}  // namespace
}  // namespace kursbase::testing
