#pragma once
// The course form staff fill in to create or change a course (issue 14):
// every field the catalogue shows and the programme. Everything arrives as
// text, so a refused form is shown again as it was typed; the answer carries
// one FieldError per bad field ("course_form.error.*" message keys), in form
// order, with the field's name so the page can link the error to it.
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "domain/catalogue/course.hpp"
#include "domain/core/result.hpp"

namespace kursbase {

// Lengths in characters. A title is read in a result list; the longest in
// the national catalogue are about 90 characters.
inline constexpr std::size_t kMaxCourseTitle = 150;
inline constexpr std::size_t kMaxCourseSummary = 400;
inline constexpr std::size_t kMaxCourseDescription = 8000;
inline constexpr std::size_t kMaxTopic = 200;
inline constexpr std::size_t kMaxWhatToBring = 500;
// A session teaches at most a working day; a programme has at most 30 sessions.
inline constexpr int kMaxSessionMinutes = 8 * 60;
inline constexpr std::size_t kMaxProgrammeItems = 30;
// Patient fees are a few hundred kroner; more is a typing error.
inline constexpr int kMaxFeeNok = 10000;

struct ProgrammeItemForm {
  std::string topic;
  std::string hours;  // "1,5" or "1.5"; in quarter hours
  std::string teacher;
};

struct CourseForm {
  std::string title;
  std::string summary;
  std::string description;
  std::string field;
  std::vector<std::string> target_groups;
  std::vector<std::string> languages;  // taught in
  std::string interpreter_available;   // "1" when ticked
  std::string format;
  std::string referral_required;  // "1" when ticked
  std::string pathway;
  std::string owner;  // organisation id
  std::vector<std::string> diagnosis_keys;
  std::string contact_email;
  std::string contact_phone;
  std::string fee;          // whole kroner; empty: not said
  std::string no_show_fee;  // whole kroner; empty: none
  std::string what_to_bring;
  std::string completion_scheme;  // a CompletionScheme key; empty: the default (ISF)
  std::vector<ProgrammeItemForm> programme;
  DidacticPlan plan;  // the six parts as typed
};

// What the form may refer to: the organisations this person may give a
// course to (their HF's departments, LMS and the HF itself) and the
// diagnosis areas and completion schemes the catalogue knows.
struct CourseFormChoices {
  std::set<OrganisationId> owners;
  std::set<std::string> diagnosis_keys;
  std::vector<CompletionScheme> completion_schemes;
};

// The course the form describes (status Draft, no id), or InvalidInput
// "course_form.error.invalid" with a FieldError per bad field. Text fields
// are trimmed; markup is refused (the pages escape text, so a tag would show
// as typed, and a pasted web page is not a course text).
Result<Course> validate_course_form(const CourseForm& form, const CourseFormChoices& choices);

// The form that shows `course` as saved (the edit page's first view).
CourseForm form_of(const Course& course);

// The names of the fields whose values differ ("title", "programme", ...):
// what a change did, for the course's history.
std::vector<std::string> changed_fields(const Course& before, const Course& after);

}  // namespace kursbase
