// The catalogue store on SOCI, shared by SQLite and PostgreSQL.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "domain/catalogue/search_text.hpp"
#include "store/catalogue_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/engine/statement_cache.hpp"
#include "store/sql/course_row.hpp"
#include "store/sql/run_listing_rows.hpp"
#include "store/sql/run_row.hpp"
#include "store/sql/text_index.hpp"

namespace kursbase::store {
// catalogue_import.cpp
void write_catalogue(soci::session& sql, TextIndex& text, const CatalogueImport& data);
}  // namespace kursbase::store

namespace kursbase::store {
namespace {

template <class E>
E key_or(const std::string& key, E fallback) {
  auto v = parse_key<E>(key);
  return v ? *v : fallback;
}

constexpr const char* kOrganisations =
    "SELECT id, kind, name, org_number, parent_id, municipality_number, email, phone, web "
    "FROM organisation ORDER BY id";
constexpr const char* kMunicipalities =
    "SELECT number, name, health_trust_id FROM municipality ORDER BY number";
constexpr const char* kDiagnosisAreas = "SELECT key, name, icd10 FROM diagnosis_area ORDER BY name";
constexpr const char* kCompletionSchemes =
    "SELECT key, required_percent FROM completion_scheme ORDER BY position";
constexpr const char* kPublishedCourses =
    "SELECT id, title, summary, field, format, referral_required, interpreter_available, "
    "owner_id, text_language FROM course WHERE status = 'published' ORDER BY id";
constexpr const char* kPublishedTranslations =
    "SELECT t.course_id, t.language, t.title, t.summary FROM course_translation t "
    "JOIN course c ON c.id = t.course_id WHERE c.status = 'published' "
    "ORDER BY t.course_id, t.language";
constexpr const char* kPublishedTargetGroups =
    "SELECT g.course_id, g.target_group FROM course_target_group g "
    "JOIN course c ON c.id = g.course_id WHERE c.status = 'published'";
constexpr const char* kPublishedLanguages =
    "SELECT l.course_id, l.language FROM course_language l "
    "JOIN course c ON c.id = l.course_id WHERE c.status = 'published' "
    "ORDER BY l.course_id, l.position";
constexpr const char* kPublishedDiagnoses =
    "SELECT d.course_id, d.diagnosis_key FROM course_diagnosis_area d "
    "JOIN course c ON c.id = d.course_id WHERE c.status = 'published'";
// One row: the catalogue version, and the count and sum of the runs' change
// stamps (see CatalogueStamp). CAST: PostgreSQL's sum(bigint) is numeric.
// Measured on 50 494 runs (the scale-10 demo): SQLite 2-3 ms over the covering
// index run_change_stamp; PostgreSQL a sequential scan (5 ms) and the sum,
// 26-41 ms in all with the 2 test cores at load average 18, so a few ms idle
// (not measured idle). No index there: it would cost every sign-up its HOT update.
constexpr const char* kCatalogueStamp =
    "SELECT (SELECT version FROM catalogue_state WHERE id = 1), count(*), "
    "CAST(coalesce(sum(change_stamp), 0) AS BIGINT) FROM run";
constexpr const char* kCatalogueVersion = "SELECT version FROM catalogue_state WHERE id = 1";
// PostgreSQL's default READ COMMITTED gives each statement its own snapshot;
// REPEATABLE READ gives the whole transaction the one its first statement
// takes (as SQLite's read transactions have). A read-only transaction at this
// level never fails to serialise.
constexpr const char* kOneSnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
constexpr const char* kRunFigures =
    "SELECT r.id, r.course_id, r.state, r.min_participants, r.capacity, "
    "r.registration_deadline, r.confirmed_count FROM run r ";

// Where-clauses for the run and session queries (constants: no user input).
constexpr const char* kRunsOfPublished =
    "JOIN course c ON c.id = r.course_id WHERE c.status = 'published' AND r.state <> 'draft'";
constexpr const char* kRunsOfCourse = "WHERE r.course_id = :id AND r.state <> 'draft'";
constexpr const char* kRunById = "WHERE r.id = :id AND r.state <> 'draft'";

// The nearest ancestor (or self) of `id` of `kind`.
std::optional<OrganisationId> ancestor_of_kind(
    const std::unordered_map<OrganisationId, const Organisation*>& orgs, OrganisationId id,
    OrganisationKind kind) {
  for (int depth = 0; depth < 16; ++depth) {
    auto it = orgs.find(id);
    if (it == orgs.end()) return std::nullopt;
    if (it->second->kind == kind) return id;
    if (!it->second->parent_id) return std::nullopt;
    id = *it->second->parent_id;
  }
  return std::nullopt;
}

class SqlCatalogueStore final : public CatalogueStore {
 public:
  explicit SqlCatalogueStore(Database& db) : db_(db), text_(make_text_index(db.engine())) {}

  Result<std::int64_t> catalogue_version() override {
    return db_.transact(TxKind::Read, [](Tx& tx) -> Result<std::int64_t> {
      soci::session& sql = session_of(tx);
      long long v = 0;
      sql << "SELECT version FROM catalogue_state WHERE id = 1", soci::into(v);
      return std::int64_t(v);
    });
  }

  Result<CatalogueStamp> catalogue_stamp() override {
    return db_.transact(TxKind::Read, [](Tx& tx) -> Result<CatalogueStamp> {
      soci::session& sql = session_of(tx);
      struct Vars {
        long long version = 0, runs = 0, changes = 0;
      };
      auto& q = statements(sql).get<Vars>(kCatalogueStamp, [](Vars& v, soci::statement& st) {
        st.exchange(soci::into(v.version));
        st.exchange(soci::into(v.runs));
        st.exchange(soci::into(v.changes));
      });
      if (!q.run()) return unavailable("no catalogue_state row");
      return CatalogueStamp{q.vars.version, q.vars.runs, q.vars.changes};
    });
  }

  Result<std::vector<RunFigures>> run_figures() override {
    return db_.transact(TxKind::Read, [](Tx& tx) -> Result<std::vector<RunFigures>> {
      soci::session& sql = session_of(tx);
      struct Vars {
        RunCoreRow core;
        int confirmed = 0;
      };
      auto& q = statements(sql).get<Vars>(std::string(kRunFigures) + kRunsOfPublished,
                                          [](Vars& v, soci::statement& st) {
                                            v.core.bind(st);
                                            st.exchange(soci::into(v.confirmed));
                                          });
      std::vector<RunFigures> out;
      q.each([&](const Vars& v) {
        Run r;
        v.core.fill(r);
        out.push_back({r.id, r.course_id, r.state, r.min_participants, r.capacity,
                       r.registration_deadline, v.confirmed});
      });
      return out;
    });
  }

  Result<ReferenceData> reference_data() override {
    return db_.transact(TxKind::Read, [](Tx& tx) -> Result<ReferenceData> {
      soci::session& sql = session_of(tx);
      return load_reference(sql);
    });
  }

  Result<std::vector<CourseListing>> published_listings() override {
    return db_.transact(TxKind::Read, [](Tx& tx) -> Result<std::vector<CourseListing>> {
      soci::session& sql = session_of(tx);
      const ReferenceData ref = load_reference(sql);
      std::unordered_map<OrganisationId, const Organisation*> orgs;
      for (const auto& o : ref.organisations) orgs.emplace(o.id, &o);

      std::vector<CourseListing> out;
      std::unordered_map<long long, std::size_t> index;
      {
        long long id, owner;
        std::string title, summary, field, format, text_language;
        int referral, interpreter;
        soci::statement st =
            (sql.prepare << kPublishedCourses, soci::into(id), soci::into(title),
             soci::into(summary), soci::into(field), soci::into(format), soci::into(referral),
             soci::into(interpreter), soci::into(owner), soci::into(text_language));
        st.execute();
        while (st.fetch()) {
          CourseListing c;
          c.id = id;
          c.title = title;
          c.summary = summary;
          c.text_language = text_language;
          c.field = key_or(field, Field::Somatic);
          c.format = key_or(format, CourseFormat::OnSite);
          c.referral_required = referral != 0;
          c.interpreter_available = interpreter != 0;
          c.owner_id = owner;
          if (auto it = orgs.find(owner); it != orgs.end()) {
            c.owner_name = it->second->name;
            if (!it->second->municipality_number.empty())
              c.municipalities.push_back(it->second->municipality_number);
          }
          c.health_trust_id = ancestor_of_kind(orgs, owner, OrganisationKind::HealthTrust);
          if (c.health_trust_id)
            c.region_id = ancestor_of_kind(orgs, *c.health_trust_id,
                                           OrganisationKind::RegionalHealthAuthority);
          index.emplace(id, out.size());
          out.push_back(std::move(c));
        }
      }
      auto each_pair = [&](const char* query, auto&& apply) {
        long long id;
        std::string value;
        soci::statement st = (sql.prepare << query, soci::into(id), soci::into(value));
        st.execute();
        while (st.fetch())
          if (auto it = index.find(id); it != index.end()) apply(out[it->second], value);
      };
      each_pair(kPublishedTargetGroups, [](CourseListing& c, const std::string& v) {
        if (auto t = parse_key<TargetGroup>(v)) c.target_groups.push_back(*t);
      });
      each_pair(kPublishedLanguages,
                [](CourseListing& c, const std::string& v) { c.languages.push_back(v); });
      each_pair(kPublishedDiagnoses,
                [](CourseListing& c, const std::string& v) { c.diagnosis_keys.push_back(v); });
      {
        long long id;
        CourseTranslation t;
        soci::statement st = (sql.prepare << kPublishedTranslations, soci::into(id),
                              soci::into(t.language), soci::into(t.title), soci::into(t.summary));
        st.execute();
        while (st.fetch())
          if (auto it = index.find(id); it != index.end())
            out[it->second].translations.push_back(t);
      }
      for (auto& lr : load_runs(sql, kRunsOfPublished, std::nullopt)) {
        auto it = index.find(lr.listing.run.course_id);
        if (it == index.end()) continue;
        auto& c = out[it->second];
        if (lr.listing.run.location) {
          const auto& m = lr.listing.run.location->municipality_number;
          if (!m.empty() && std::find(c.municipalities.begin(), c.municipalities.end(), m) ==
                                c.municipalities.end())
            c.municipalities.push_back(m);
        }
        c.runs.push_back(std::move(lr.listing));
      }
      return out;
    });
  }

  // The version and the matches from one snapshot of the database: on
  // PostgreSQL that takes REPEATABLE READ (kOneSnapshot), one more round trip,
  // on a path that runs only when the read model's text cache misses.
  Result<VersionedTextMatches> match_text_with_version(const TextQuery& query) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<VersionedTextMatches> {
      soci::session& sql = session_of(tx);
      struct NoValues {};
      if (db_.engine() == Engine::Postgres)
        statements(sql).get<NoValues>(kOneSnapshot, [](NoValues&, soci::statement&) {}).run();
      struct Vars {
        long long version = 0;
      };
      auto& v = statements(sql).get<Vars>(kCatalogueVersion, [](Vars& v, soci::statement& st) {
        st.exchange(soci::into(v.version));
      });
      if (!v.run()) return unavailable("no catalogue_state row");
      return VersionedTextMatches{v.vars.version, text_->match(sql, query)};
    });
  }

  Result<std::vector<SearchWord>> search_words() override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<SearchWord>> {
      return text_->vocabulary(session_of(tx));
    });
  }

  Result<std::optional<CourseRecord>> find_course(CourseId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<CourseRecord>> {
      soci::session& sql = session_of(tx);
      auto course = read_course(sql, id);
      if (!course || course->course.status != CourseStatus::Published)
        return std::optional<CourseRecord>{};
      CourseRecord record{std::move(course->course), {}};
      for (auto& lr : load_runs(sql, kRunsOfCourse, (long long)id))
        record.runs.push_back(std::move(lr.listing));
      return std::optional<CourseRecord>(std::move(record));
    });
  }

  Result<std::optional<RunRecord>> find_run(RunId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<RunRecord>> {
      soci::session& sql = session_of(tx);
      auto runs = load_runs(sql, kRunById, (long long)id);
      if (runs.empty()) return std::optional<RunRecord>{};
      RunRecord record;
      record.run = std::move(runs[0].listing);
      record.waitlisted = runs[0].waitlisted;
      record.course_id = record.run.run.course_id;
      struct CourseVars {
        long long id = 0;
        std::string title, status, text_language;
        soci::indicator title_ind = soci::i_null;
      };
      auto& course = statements(sql).get<CourseVars>(
          "SELECT title, status, text_language FROM course WHERE id = :id",
          [](CourseVars& v, soci::statement& st) {
            st.exchange(soci::use(v.id, "id"));
            st.exchange(soci::into(v.title, v.title_ind));
            st.exchange(soci::into(v.status));
            st.exchange(soci::into(v.text_language));
          });
      course.vars.id = record.course_id;
      if (!course.run() || course.vars.title_ind != soci::i_ok || course.vars.status != "published")
        return std::optional<RunRecord>{};
      record.course_title = course.vars.title;
      record.course_text_language = course.vars.text_language;
      struct TitleVars {
        long long id = 0;
        std::string language, title;
      };
      auto& titles = statements(sql).get<TitleVars>(
          "SELECT language, title FROM course_translation WHERE course_id = :id "
          "ORDER BY language",
          [](TitleVars& v, soci::statement& st) {
            st.exchange(soci::use(v.id, "id"));
            st.exchange(soci::into(v.language));
            st.exchange(soci::into(v.title));
          });
      titles.vars.id = record.course_id;
      titles.each([&](const TitleVars& v) {
        record.course_translations.push_back({v.language, v.title, {}, {}});
      });
      return std::optional<RunRecord>(std::move(record));
    });
  }

  Result<bool> is_empty() override {
    return db_.transact(TxKind::Read, [](Tx& tx) -> Result<bool> {
      soci::session& sql = session_of(tx);
      long long n = 0;
      sql << "SELECT count(*) FROM organisation", soci::into(n);
      return n == 0;
    });
  }

  Status import_catalogue(const CatalogueImport& data) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Status {
      soci::session& sql = session_of(tx);
      write_catalogue(sql, *text_, data);
      sql << "UPDATE catalogue_state SET version = version + 1 WHERE id = 1";
      return ok_status();
    });
  }

 private:
  static ReferenceData load_reference(soci::session& sql);

  Database& db_;
  std::unique_ptr<TextIndex> text_;
};

ReferenceData SqlCatalogueStore::load_reference(soci::session& sql) {
  ReferenceData ref;
  {
    long long id, parent;
    std::string kind, name, org_number, municipality, email, phone, web;
    soci::indicator parent_ind;
    soci::statement st =
        (sql.prepare << kOrganisations, soci::into(id), soci::into(kind), soci::into(name),
         soci::into(org_number), soci::into(parent, parent_ind), soci::into(municipality),
         soci::into(email), soci::into(phone), soci::into(web));
    st.execute();
    while (st.fetch()) {
      Organisation o;
      o.id = id;
      o.kind = key_or(kind, OrganisationKind::HealthTrust);
      o.name = name;
      o.org_number = org_number;
      if (parent_ind == soci::i_ok) o.parent_id = parent;
      o.municipality_number = municipality;
      o.email = email;
      o.phone = phone;
      o.web = web;
      ref.organisations.push_back(std::move(o));
    }
  }
  {
    std::string number, name;
    long long hf;
    soci::indicator hf_ind;
    soci::statement st = (sql.prepare << kMunicipalities, soci::into(number), soci::into(name),
                          soci::into(hf, hf_ind));
    st.execute();
    while (st.fetch()) {
      Municipality m{number, name, std::nullopt};
      if (hf_ind == soci::i_ok) m.health_trust_id = hf;
      ref.municipalities.push_back(std::move(m));
    }
  }
  {
    std::string key, name, icd10;
    soci::statement st =
        (sql.prepare << kDiagnosisAreas, soci::into(key), soci::into(name), soci::into(icd10));
    st.execute();
    while (st.fetch()) ref.diagnosis_areas.push_back({key, name, icd10});
  }
  {
    CompletionScheme scheme;
    soci::statement st = (sql.prepare << kCompletionSchemes, soci::into(scheme.key),
                          soci::into(scheme.required_percent));
    st.execute();
    while (st.fetch()) ref.completion_schemes.push_back(scheme);
  }
  return ref;
}

}  // namespace

std::unique_ptr<CatalogueStore> make_catalogue_store(Database& db) {
  return std::make_unique<SqlCatalogueStore>(db);
}

}  // namespace kursbase::store
