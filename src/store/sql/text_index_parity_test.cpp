// Catalogue search gives the same courses on SQLite and on PostgreSQL.
//
// The same demo catalogue (plus a few courses with awkward text) is loaded into
// a fresh SQLite file and a fresh PostgreSQL database; every query the
// catalogue's tests and benchmark send, and Norwegian edge cases, must match
// the same set of courses on both. Scores differ (bm25 against ts_rank) and are
// not compared; only which courses match.
//
// Why the engines can agree at all: PostgreSQL does not use its `norwegian`
// configuration with `unaccent`, which would stem ("kurset" → "kurs"), drop
// stop words ("og", "med") and fold accents by its own rules, none of which
// FTS5 does. Instead both engines index text that C++ has already folded
// (domain/catalogue/search_text.hpp: lower case, æ→ae, ø→o, å→a, accents off, symbols
// to spaces), and PostgreSQL uses the `simple` configuration, which only
// splits words and lower-cases them, as FTS5's unicode61 tokenizer does; both
// match every term as a word prefix. Characters the folding keeps but the
// tokenizers read differently (symbols such as "½" or "😀", decomposed accents)
// are taken out before either engine sees them (store/sql/index_words.hpp). This
// test is what shows that it holds.
//
// Needs both engines at once, so it runs only as "postgres.*" under ctest's
// `postgres` fixture, and fails (rather than skips) without it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "demo/demo_catalogue.hpp"
#include "domain/catalogue/search_interpretation.hpp"
#include "domain/catalogue/search_text.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/database.hpp"
#include "store/testing/demo_catalogue.hpp"
#include "store/testing/test_database.hpp"

namespace kursbase::store {
namespace {

// The demo catalogue every integration test uses (tests/integration/server_process.cpp).
constexpr int kDemoScale = 1;
constexpr std::uint64_t kDemoSeed = 7;
constexpr const char* kDemoToday = "2027-01-10";
constexpr CourseId kFirstEdgeCourse = 900001;

// What the catalogue tests, the conformance suite and bench/catalogue.sh search for.
const std::vector<std::string> kTestQueries = {"kols",
                                               "KOLS",
                                               "parkinson",
                                               "PARKINSON",
                                               "parorende",
                                               "pårørende",
                                               "PÅRØRENDE",
                                               "ASKOY",
                                               "lungesykdom bergen",
                                               "J44",
                                               "epilepsi",
                                               "diabetes",
                                               "mestring av depresjon",
                                               "\"quoted\" OR -not*",
                                               "zzzzqqq",
                                               std::string(200, 'a'),
                                               "kreft",
                                               "hjerte",
                                               "demens",
                                               "angst",
                                               "smerte",
                                               "rus",
                                               "abc"};

// Norwegian edge cases: æ/ø/å and their folded spellings, upper case, accents,
// prefixes, several words, hyphens, digits, short common words.
const std::vector<std::string> kEdgeQueries = {
    // æ/ø/å, folded spellings, upper case
    "Lær å leve", "laer a leve", "LÆR Å LEVE", "læring og mestring", "laering", "Tønsberg",
    "tonsberg", "TØNSBERG", "Grålum", "gralum", "Lørenskog", "lorenskog", "Østfold", "ostfold",
    "Cøliaki", "coliaki", "søvnvansker", "sovn", "Ærlig", "aerlig", "ÆRLIG", "Åse", "ase",
    // accents and other Latin letters (also as decomposed UTF-8: e + U+0301)
    "café", "cafe", "CAFÉ", "cafe\u0301", "kafe", "Müller", "muller", "allé", "alle", "Kárášjohka",
    "karasjohka", "Guovdageaidnu", "pa\u030Arørende", "ske\u0301",
    // prefixes
    "diab", "parkin", "hj", "k", "a", "sykehus", "universitetssykehus", "mestr", "ae", "o",
    // several words
    "lær å leve med kols bergen", "kols bergen", "angst depresjon", "diabetes type 2",
    "helse bergen", "kols zzzzqqq",
    // hyphens, slashes, punctuation
    "Sør-Øst", "sor-ost", "sorost", "barne- og ungdomsklinikken", "kvinne-barn-klinikken",
    "kvinne barn", "hjerte- og lungesyke", "ms-forbundet", "ME/CFS", "me cfs", "covid-19",
    "covid 19", "covid19", "«nærstående»", "naerstaende", "nav's", "navs", "d’artagnan", "3×3",
    "3x3",
    // digits and codes
    "2", "19", "0301", "166", "K90.0", "k90", "U09.9", "F10-F19", "I20-I25", "i20", "22 33",
    // words that are stop words in PostgreSQL's norwegian configuration
    "og", "i", "med", "for", "på", "av", "en", "det", "som",
    // scripts and symbols the folding keeps as they are
    "кириллица", "КИРИЛЛИЦА", "Ελληνικά", "ελληνικα", "عربي", "µ", "ð", "þ", "œ", "ł", "ÿ", "Ÿ",
    "½", "²", "😀", "kols 😀", "kols ½", "«»", "3½"};

// Input that has no search terms at all: the catalogue then applies no text
// filter on either engine (app/catalogue/catalogue_service.cpp), so there is nothing for
// the engines to disagree on, as long as the folding finds no terms.
const std::vector<std::string> kEmptyishQueries = {"",     " ", "   ", "-", "--",   "!!!", "*",
                                                   "\"\"", "–", "…",   "’", ".,;:", "\t\n"};

// Published courses with text the demo lacks: accents, decomposed accents,
// other scripts, symbols; and one draft, which neither engine may return.
std::vector<Course> edge_courses(OrganisationId owner) {
  Course base;
  base.field = Field::Somatic;
  base.target_groups = {TargetGroup::Adults};
  base.languages = {"nb"};
  base.owner_id = owner;
  base.programme.items = {{"Samling", 180, Teacher::Professional}};
  base.status = CourseStatus::Published;
  base.contact_email = "lms@example.no";
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"Café Müller – Ærlig talt om søvn",
       "Kurs for deg med ME/CFS og covid-19; 3×3 timer à 45 min. Nav's kurs, d’Artagnan."},
      {"Pa\u030Arørende cafe\u0301 Ske\u0301",  // decomposed å and é
       "«Nærstående» og venner i Kárášjohka og Guovdageaidnu. Åse ringer 22 33 44 55."},
      {"Кириллица и ελληνικά", "عربي كورس for KOLS"},
      {"Symboler ½ ² µ ª º ð þ œ ł İ ı Ÿ ÿ", "Emoji 😀 og ✓ og → i teksten"},
      {"Allé-kurs for alle", "Type 2-diabetes, K90.0 og U09.9"},
  };
  std::vector<Course> out;
  CourseId id = kFirstEdgeCourse;
  for (const auto& [title, summary] : texts) {
    Course c = base;
    c.id = id++;
    c.title = title;
    c.summary = summary;
    out.push_back(c);
  }
  Course draft = base;
  draft.id = id++;
  draft.title = "Lær å leve med KOLS (utkast) café";
  draft.status = CourseStatus::Draft;
  out.push_back(draft);
  return out;
}

CatalogueImport parity_catalogue() {
  auto demo = demo::generate_demo_catalogue(kDemoScale, kDemoSeed, *parse_day(kDemoToday),
                                            store::testing::oslo_instant);
  CatalogueImport data{std::move(demo.organisations), std::move(demo.municipalities),
                       std::move(demo.diagnosis_areas), std::move(demo.courses),
                       std::move(demo.runs)};
  const auto owner = std::find_if(
      data.organisations.begin(), data.organisations.end(),
      [](const Organisation& o) { return o.kind == OrganisationKind::LearningCentre; });
  const OrganisationId owner_id = owner == data.organisations.end() ? 1 : owner->id;
  for (auto& c : edge_courses(owner_id)) data.courses.push_back(std::move(c));
  return data;
}

std::string joined(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "" : " | ") + t;
  return out;
}
std::string ids_text(const std::vector<CourseId>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i)
    out += (i ? " " : "") + std::to_string(ids[i]);
  if (ids.size() > 10) out += " …";
  return out;
}

struct EngineStore {
  std::unique_ptr<Database> db;
  std::unique_ptr<CatalogueStore> store;
};

class TextIndexParity : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::on_postgres())
        << "this test compares SQLite with PostgreSQL and needs ctest's postgres fixture "
           "(run it as postgres.TextIndexParity.* through ctest)";
    const auto data = parity_catalogue();
    const std::string sqlite_path = (std::filesystem::temp_directory_path() /
                                     ("kursbase-parity-" + std::to_string(::getpid()) + ".db"))
                                        .string();
    sqlite_files_ = sqlite_path;
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path + suffix);
    open(sqlite_, sqlite_path, data);
    open(postgres_, testing::fresh_database_url("parity"), data);
    ASSERT_EQ(sqlite_.db->engine(), Engine::Sqlite);
    ASSERT_EQ(postgres_.db->engine(), Engine::Postgres);
  }

  void TearDown() override {
    sqlite_ = {};
    for (auto suffix : {"", "-wal", "-shm"}) {
      std::error_code ignored;
      std::filesystem::remove(sqlite_files_ + suffix, ignored);
    }
  }

  static void open(EngineStore& e, const std::string& url, const CatalogueImport& data) {
    auto opened = Database::open(url, 1);
    ASSERT_TRUE(opened.ok()) << url << ": " << opened.error().detail;
    e.db = std::move(*opened);
    const auto migrated = e.db->migrate();
    ASSERT_TRUE(migrated.ok()) << url << ": " << migrated.error().detail;
    e.store = make_catalogue_store(*e.db);
    const auto imported = e.store->import_catalogue(data);
    ASSERT_TRUE(imported.ok()) << url << ": " << imported.error().detail;
  }

  // The matching course ids, sorted; fails the test on a store error.
  static std::vector<CourseId> matches(EngineStore& e, const TextQuery& query,
                                       const std::string& engine) {
    auto found = e.store->match_text(query);
    EXPECT_TRUE(found.ok()) << engine << ": " << (found.ok() ? "" : found.error().detail);
    std::vector<CourseId> ids;
    if (!found.ok()) return ids;
    for (const auto& [id, score] : *found) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Compares one query on both engines; returns how many courses matched.
  std::size_t expect_same(const std::string& query) {
    const auto terms = search_terms(query);
    if (terms.empty()) {
      ADD_FAILURE() << "'" << query << "' has no search terms; list it as empty-ish";
      return 0;
    }
    return expect_same(query, plain_text_query(terms), joined(terms));
  }

  // Compares one text query on both engines; returns how many courses matched.
  std::size_t expect_same(const std::string& query, const TextQuery& text,
                          const std::string& terms) {
    const auto on_sqlite = matches(sqlite_, text, "SQLite");
    const auto on_postgres = matches(postgres_, text, "PostgreSQL");
    std::vector<CourseId> only_sqlite, only_postgres;
    std::set_difference(on_sqlite.begin(), on_sqlite.end(), on_postgres.begin(), on_postgres.end(),
                        std::back_inserter(only_sqlite));
    std::set_difference(on_postgres.begin(), on_postgres.end(), on_sqlite.begin(), on_sqlite.end(),
                        std::back_inserter(only_postgres));
    EXPECT_EQ(on_sqlite.size(), on_postgres.size()) << "query '" << query << "'";
    EXPECT_TRUE(only_sqlite.empty() && only_postgres.empty())
        << "query '" << query << "' (terms: " << terms
        << ") matches differently: " << only_sqlite.size() << " only on SQLite ("
        << ids_text(only_sqlite) << "), " << only_postgres.size() << " only on PostgreSQL ("
        << ids_text(only_postgres) << ")";
    return on_sqlite.size();
  }

  EngineStore sqlite_, postgres_;
  std::string sqlite_files_;
};

TEST_F(TextIndexParity, TestAndBenchmarkQueriesMatchTheSameCourses) {
  std::map<std::string, std::size_t> counts;
  for (const auto& q : kTestQueries) {
    SCOPED_TRACE(q.substr(0, 40));
    counts[q] = expect_same(q);
  }
  // The comparison means something only if the queries find courses.
  EXPECT_GT(counts["kols"], 10u);
  EXPECT_GT(counts["pårørende"], 100u);
  EXPECT_EQ(counts["kols"], counts["KOLS"]);
  EXPECT_EQ(counts["parorende"], counts["pårørende"]);
  EXPECT_EQ(counts["zzzzqqq"], 0u);
}

TEST_F(TextIndexParity, NorwegianEdgeCasesMatchTheSameCourses) {
  std::size_t non_empty = 0;
  std::map<std::string, std::size_t> counts;
  for (const auto& q : kEdgeQueries) {
    SCOPED_TRACE(q);
    counts[q] = expect_same(q);
    non_empty += counts[q] > 0;
  }
  EXPECT_GT(non_empty, kEdgeQueries.size() / 2) << "most edge queries should find something";
  // Folded and unfolded spellings find the same courses (on both engines, as
  // compared above); the edge courses are found, the draft never.
  EXPECT_EQ(counts["Tønsberg"], counts["tonsberg"]);
  EXPECT_EQ(counts["Lær å leve"], counts["laer a leve"]);
  EXPECT_EQ(counts["café"], counts["cafe"]);
  EXPECT_EQ(counts["cafe\u0301"], counts["café"]);
  EXPECT_GE(counts["muller"], 1u);
  EXPECT_GE(counts["karasjohka"], 1u);
  EXPECT_GE(counts["кириллица"], 1u);
  EXPECT_EQ(counts["kols 😀"], counts["kols ½"]) << "a symbol is no word on either engine";
  EXPECT_GT(counts["kols 😀"], 10u);
  EXPECT_GT(counts["og"], 100u) << "'og' is an ordinary word here, not a stop word";
  for (const char* q : {"kols", "café"}) {
    const auto ids = matches(sqlite_, plain_text_query(search_terms(q)), "SQLite");
    EXPECT_FALSE(std::binary_search(ids.begin(), ids.end(), kFirstEdgeCourse + 5))
        << "the draft course must not match '" << q << "'";
  }
}

// What people mistype and the lay words they use, with what search reads them
// as (domain/catalogue/search_interpretation.hpp): each engine's own index
// words must give the same reading and then the same courses.
const std::vector<std::pair<std::string, std::string>> kMistypedQueries = {
    {"diabetis", "diabetes;"},
    {"Diabets type 2", "diabetes;type;2;"},
    {"epilepsy", "epilepsi;"},
    {"parkinsn", "parkinson;"},
    {"demenss", "demens;"},
    {"sukkersyke", "sukkersyke|diabetes;"},
    {"lungesykdom", "lungesykdom|kols|astma|lunge;"},
    {"hjerteinfarkt", "hjerteinfarkt|hjerte;"},
    {"høyt blodsukker", "hoyt blodsukker|diabetes;"},
    {"kolz", "kolz;"},  // four letters: not guessed
};

TEST_F(TextIndexParity, BothEnginesHaveTheSameWords) {
  auto on_sqlite = sqlite_.store->search_words();
  auto on_postgres = postgres_.store->search_words();
  ASSERT_TRUE(on_sqlite.ok()) << on_sqlite.error().detail;
  ASSERT_TRUE(on_postgres.ok()) << on_postgres.error().detail;
  // The words corrections are made from: ASCII letters and digits (search_vocabulary.hpp).
  // Other scripts are lower-cased by each engine's own rules ("İ" stays "İ" in
  // FTS5, becomes "i̇" in PostgreSQL); matching them is compared above.
  auto sorted = [](std::vector<SearchWord> words) {
    std::vector<std::pair<std::string, int>> out;
    for (auto& w : words)
      if (std::all_of(w.word.begin(), w.word.end(),
                      [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
        out.emplace_back(std::move(w.word), w.courses);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto a = sorted(*on_sqlite), b = sorted(*on_postgres);
  EXPECT_GT(a.size(), 500u);
  EXPECT_EQ(a.size(), b.size());
  std::vector<std::pair<std::string, int>> only_sqlite, only_postgres;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_sqlite));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_postgres));
  auto first = [](const auto& list) {
    return list.empty() ? std::string("-") : list[0].first + " " + std::to_string(list[0].second);
  };
  EXPECT_TRUE(only_sqlite.empty()) << only_sqlite.size() << " words or counts only on SQLite, "
                                   << "e.g. " << first(only_sqlite);
  EXPECT_TRUE(only_postgres.empty())
      << only_postgres.size() << " only on PostgreSQL, e.g. " << first(only_postgres);
}

TEST_F(TextIndexParity, MistypedAndLayWordsAreReadAndMatchedTheSameWay) {
  auto sqlite_words = sqlite_.store->search_words();
  auto postgres_words = postgres_.store->search_words();
  ASSERT_TRUE(sqlite_words.ok() && postgres_words.ok());
  const SearchVocabulary on_sqlite(std::move(*sqlite_words));
  const SearchVocabulary on_postgres(std::move(*postgres_words));
  for (const auto& [typed, reading] : kMistypedQueries) {
    SCOPED_TRACE(typed);
    const auto terms = search_terms(typed);
    const auto a = interpret_search(terms, on_sqlite);
    const auto b = interpret_search(terms, on_postgres);
    EXPECT_EQ(a.query.key(), reading);
    EXPECT_EQ(b.query.key(), reading);
    const std::size_t found = expect_same(typed, a.query, a.query.key());
    if (reading != "kolz;") {
      EXPECT_GT(found, 0u) << "the reading should find courses";
    }
  }
}

// Needs no database: what it checks happens before either engine is asked.
TEST(TextIndexParityInput, EmptyishInputHasNoTermsSoNoEngineFilters) {
  for (const auto& q : kEmptyishQueries) {
    EXPECT_TRUE(search_terms(q).empty()) << "'" << q << "' gives terms (" << joined(search_terms(q))
                                         << "); move it to the compared queries";
  }
}

}  // namespace
}  // namespace kursbase::store
