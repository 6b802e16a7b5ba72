// The course authoring store on SOCI, shared by SQLite and PostgreSQL.
#include "domain/authoring/course_form.hpp"
#include "store/course_authoring_store.hpp"
#include "store/engine/connection.hpp"
#include "store/engine/database.hpp"
#include "store/sql/course_row.hpp"
#include "store/sql/history_rows.hpp"
#include "store/sql/text_index.hpp"

namespace kursbase::store {
namespace {

class SqlCourseAuthoringStore final : public CourseAuthoringStore {
 public:
  explicit SqlCourseAuthoringStore(Database& db) : db_(db), text_(make_text_index(db.engine())) {}

  Result<EditableCourse> create_course(const Course& course, std::int64_t account_id, Instant at,
                                       const InSameTransaction& also) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<EditableCourse> {
      soci::session& sql = session_of(tx);
      // First the catalogue's version row: on PostgreSQL its lock makes
      // concurrent creators take turns, so each reads the other's new id.
      bump_catalogue(sql);
      long long id = 0;
      sql << "SELECT coalesce(max(id), 0) + 1 FROM course", soci::into(id);
      Course c = course;
      c.id = id;
      insert_course(sql, c);
      write_course_parts(sql, c.id, c);
      text_->put(sql, course_text(sql, c));
      add_history(sql, kCourseHistory, c.id, 1, account_id, at, {"created"});
      EditableCourse out{std::move(c), 1};
      if (also)
        if (auto s = also(tx, out); !s) return s.error();
      return out;
    });
  }

  Result<std::vector<CourseId>> create_courses(const std::vector<Course>& courses,
                                               Instant at) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<std::vector<CourseId>> {
      soci::session& sql = session_of(tx);
      bump_catalogue(sql);
      long long next = 0;
      sql << "SELECT coalesce(max(id), 0) + 1 FROM course", soci::into(next);
      std::vector<CourseId> ids;
      for (const auto& course : courses) {
        Course c = course;
        c.id = next++;
        insert_course(sql, c);
        write_course_parts(sql, c.id, c);
        text_->put(sql, course_text(sql, c));
        add_history(sql, kCourseHistory, c.id, 1, 0, at, {"created"});
        ids.push_back(c.id);
      }
      return ids;
    });
  }

  Result<EditableCourse> save_course(const Course& course, std::int64_t expected_version,
                                     std::int64_t account_id, Instant at,
                                     const InSameTransaction& also) override {
    return db_.transact(TxKind::Write, [&](Tx& tx) -> Result<EditableCourse> {
      soci::session& sql = session_of(tx);
      bump_catalogue(sql);
      auto stored = read_course(sql, course.id);
      if (!stored) return not_found("course_form.error.not_found", "no such course");
      if (stored->version != expected_version)
        return conflict("course_form.error.conflict", "the course was saved by another");
      // A save that changes nothing is no new version (and no history row).
      const auto changed = changed_fields(stored->course, course);
      if (changed.empty()) return EditableCourse{std::move(stored->course), stored->version};
      // The version in the WHERE too: on PostgreSQL a save that waited for
      // another's lock sees its new version here and changes nothing.
      if (update_course(sql, course, expected_version) != 1)
        return conflict("course_form.error.conflict", "the course was saved by another");
      write_course_parts(sql, course.id, course);
      text_->put(sql, course_text(sql, course));
      const std::int64_t version = expected_version + 1;
      add_history(sql, kCourseHistory, course.id, version, account_id, at, changed);
      EditableCourse out{course, version};
      if (also)
        if (auto s = also(tx, out); !s) return s.error();
      return out;
    });
  }

  Result<std::optional<EditableCourse>> course_for_editing(CourseId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::optional<EditableCourse>> {
      auto stored = read_course(session_of(tx), id);
      if (!stored) return std::optional<EditableCourse>{};
      return std::optional<EditableCourse>(
          EditableCourse{std::move(stored->course), stored->version});
    });
  }

  Result<std::vector<CourseHistoryEntry>> course_history(CourseId id) override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<CourseHistoryEntry>> {
      return read_history(session_of(tx), kCourseHistory, id);
    });
  }

  Result<std::vector<CourseLine>> course_lines() override {
    return db_.transact(TxKind::Read, [&](Tx& tx) -> Result<std::vector<CourseLine>> {
      soci::session& sql = session_of(tx);
      long long id = 0, owner = 0, version = 0, runs = 0;
      std::string title, language, status;
      soci::statement st =
          (sql.prepare << "SELECT c.id, c.title, c.text_language, c.status, c.owner_id, "
                          "c.version, (SELECT count(*) FROM run r WHERE r.course_id = c.id) "
                          "FROM course c ORDER BY c.id DESC",
           soci::into(id), soci::into(title), soci::into(language), soci::into(status),
           soci::into(owner), soci::into(version), soci::into(runs));
      st.execute();
      std::vector<CourseLine> out;
      while (st.fetch())
        out.push_back({id, title, language,
                       parse_key<CourseStatus>(status).value_or(CourseStatus::Draft), owner,
                       version, static_cast<int>(runs)});
      return out;
    });
  }

 private:
  static void bump_catalogue(soci::session& sql) {
    sql << "UPDATE catalogue_state SET version = version + 1 WHERE id = 1";
  }

  // The course row's columns, in the order insert_course and update_course bind them.
  struct Columns {
    long long owner = 0;
    std::string field, format, pathway, status;
    int referral = 0, interpreter = 0, fee = 0, no_show_fee = 0;
    soci::indicator fee_ind = soci::i_null, no_show_ind = soci::i_null;
    explicit Columns(const Course& c)
        : owner(c.owner_id),
          field(key_of(c.field)),
          format(key_of(c.format)),
          pathway(key_of(c.pathway)),
          status(key_of(c.status)),
          referral(c.referral_required),
          interpreter(c.interpreter_available),
          fee(c.practical.fee_nok.value_or(0)),
          no_show_fee(c.practical.no_show_fee_nok.value_or(0)),
          fee_ind(c.practical.fee_nok ? soci::i_ok : soci::i_null),
          no_show_ind(c.practical.no_show_fee_nok ? soci::i_ok : soci::i_null) {}
  };

  static void insert_course(soci::session& sql, const Course& c) {
    Columns v(c);
    long long id = c.id;
    sql << "INSERT INTO course (id, title, summary, description, field, format, "
           "referral_required, interpreter_available, pathway, owner_id, contact_email, "
           "contact_phone, status, fee_nok, no_show_fee_nok, what_to_bring, text_language, "
           "completion_scheme, version) VALUES (:id, :title, :summary, :description, :field, "
           ":format, :referral, :interpreter, :pathway, :owner, :email, :phone, :status, :fee, "
           ":no_show_fee, :bring, :text_language, :completion, 1)",
        soci::use(id), soci::use(c.title), soci::use(c.summary), soci::use(c.description),
        soci::use(v.field), soci::use(v.format), soci::use(v.referral), soci::use(v.interpreter),
        soci::use(v.pathway), soci::use(v.owner), soci::use(c.contact_email),
        soci::use(c.contact_phone), soci::use(v.status), soci::use(v.fee, v.fee_ind),
        soci::use(v.no_show_fee, v.no_show_ind), soci::use(c.practical.what_to_bring),
        soci::use(c.text_language), soci::use(c.completion.key);
  }

  // The number of rows changed: 0 when the version moved meanwhile.
  static long long update_course(soci::session& sql, const Course& c, std::int64_t expected) {
    Columns v(c);
    long long id = c.id, version = expected;
    soci::statement st =
        (sql.prepare << "UPDATE course SET title = :title, summary = :summary, description = "
                        ":description, field = :field, format = :format, referral_required = "
                        ":referral, interpreter_available = :interpreter, pathway = :pathway, "
                        "owner_id = :owner, contact_email = :email, contact_phone = :phone, "
                        "status = :status, fee_nok = :fee, no_show_fee_nok = :no_show_fee, "
                        "what_to_bring = :bring, text_language = :text_language, "
                        "completion_scheme = :completion, version = version + 1 WHERE id = :id "
                        "AND version = :version",
         soci::use(c.title), soci::use(c.summary), soci::use(c.description), soci::use(v.field),
         soci::use(v.format), soci::use(v.referral), soci::use(v.interpreter), soci::use(v.pathway),
         soci::use(v.owner), soci::use(c.contact_email), soci::use(c.contact_phone),
         soci::use(v.status), soci::use(v.fee, v.fee_ind), soci::use(v.no_show_fee, v.no_show_ind),
         soci::use(c.practical.what_to_bring), soci::use(c.text_language),
         soci::use(c.completion.key), soci::use(id), soci::use(version));
    st.execute(true);
    return st.get_affected_rows();
  }

  Database& db_;
  std::unique_ptr<TextIndex> text_;
};

}  // namespace

std::unique_ptr<CourseAuthoringStore> make_course_authoring_store(Database& db) {
  return std::make_unique<SqlCourseAuthoringStore>(db);
}

}  // namespace kursbase::store
