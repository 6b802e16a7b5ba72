#pragma once
// CourseImport: a centre's existing catalogue moved in with one command
// (`kursbase import courses FILE`, issue 14). Every record of the file is
// checked as the staff's course form checks it (domain/authoring/course_form.hpp)
// against the catalogue's organisations and diagnosis areas; when any is bad,
// or on a dry run, nothing is written and every bad record is reported with
// where it is in the file. Otherwise all courses are stored in one
// transaction, as drafts unless the file... (they are drafts: an owner
// publishes what they have looked at).
//
// An operator's command, not a staff member's: the grant that covers an
// owner is not asked (the operator runs the server); the history names no
// account.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "domain/core/result.hpp"
#include "domain/core/time.hpp"
#include "interop/course_file/course_file.hpp"
#include "store/catalogue_store.hpp"
#include "store/course_authoring_store.hpp"

namespace kursbase::app {

struct ImportProblem {
  std::size_t position = 0;  // the CSV line (or JSON position) of the record
  std::string field;         // as the form names it; "record" for the record as a whole
  std::string message_key;
};

struct ImportReport {
  std::size_t records = 0;
  std::vector<ImportProblem> problems;  // in file order
  std::vector<CourseId> created;        // empty unless written
  bool written = false;
};

class CourseImport {
 public:
  CourseImport(store::CourseAuthoringStore& courses, store::CatalogueStore& catalogue,
               std::function<Instant()> clock);

  Result<ImportReport> run(const std::vector<interop::CourseFileRecord>& records, bool dry_run);

  // The courses of HF `health_trust` (owned by it or by an organisation under
  // it), any status, oldest first, as forms the import reads back. NotFound
  // "course_form.error.no_such_health_trust" for an id that is not an HF.
  Result<std::vector<CourseForm>> export_health_trust(OrganisationId health_trust);

 private:
  store::CourseAuthoringStore& courses_;
  store::CatalogueStore& catalogue_;
  std::function<Instant()> clock_;
};

}  // namespace kursbase::app
