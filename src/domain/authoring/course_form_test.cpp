#include "domain/authoring/course_form.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kursbase {
namespace {

const CourseFormChoices kChoices{
    {3, 4}, {"kols", "diabetes-type-2"}, {{"isf", 80}, {"study_association", 75}}};

CourseForm good_form() {
  CourseForm f;
  f.title = "  Lær å leve med KOLS ";
  f.summary = "For deg med kronisk obstruktiv lungesykdom.";
  f.description = "Første avsnitt.\n\nAndre avsnitt med <5 år gamle tall.";
  f.field = "somatic";
  f.target_groups = {"adults", "relatives", "adults"};
  f.languages = {"nb", "se"};
  f.interpreter_available = "1";
  f.format = "on_site";
  f.referral_required = "1";
  f.pathway = "after_treatment";
  f.owner = "3";
  f.diagnosis_keys = {"kols"};
  f.contact_email = "lms@example.no";
  f.contact_phone = "+47 55 97 00 00";
  f.fee = "350";
  f.no_show_fee = "700";
  f.what_to_bring = "Medisinlisten din.";
  f.programme = {{"Hva er KOLS?", "2", "professional"},
                 {"", "", ""},  // a blank row of the form
                 {"Å leve med KOLS", "1,5", "user_representative"},
                 {"Pust og aktivitet", "0.75", "both"}};
  return f;
}

std::vector<std::string> fields_of(const Result<Course>& r) {
  std::vector<std::string> out;
  if (!r.ok())
    for (const auto& f : r.error().fields) out.push_back(f.field);
  return out;
}

std::string key_for(const Result<Course>& r, const std::string& field) {
  if (r.ok()) return "";
  for (const auto& f : r.error().fields)
    if (f.field == field) return f.message_key;
  return "";
}

TEST(CourseForm, AGoodFormIsADraftCourseWithTrimmedTextAndItsProgramme) {
  auto r = validate_course_form(good_form(), kChoices);
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(fields_of(r));
  EXPECT_EQ(r->status, CourseStatus::Draft);
  EXPECT_EQ(r->title, "Lær å leve med KOLS");
  EXPECT_EQ(r->target_groups,
            (std::vector<TargetGroup>{TargetGroup::Adults, TargetGroup::Relatives}));
  EXPECT_EQ(r->languages, (std::vector<std::string>{"nb", "se"}));
  EXPECT_TRUE(r->interpreter_available);
  EXPECT_TRUE(r->referral_required);
  EXPECT_EQ(r->pathway, PathwayPlacement::AfterTreatment);
  EXPECT_EQ(r->owner_id, 3);
  EXPECT_EQ(r->contact_phone, "+4755970000");
  EXPECT_EQ(r->practical.fee_nok, 350);
  EXPECT_EQ(r->practical.no_show_fee_nok, 700);
  ASSERT_EQ(r->programme.items.size(), 3u);  // the blank row is no session
  EXPECT_EQ(r->programme.items[0].teaching_minutes, 120);
  EXPECT_EQ(r->programme.items[1].teaching_minutes, 90);
  EXPECT_EQ(r->programme.items[1].teacher, Teacher::UserRepresentative);
  EXPECT_EQ(r->programme.items[2].teaching_minutes, 45);
  EXPECT_EQ(r->programme.total_teaching_minutes(), 255);
}

TEST(CourseForm, EachBadFieldIsNamedWithItsReasonInFormOrder) {
  CourseForm f = good_form();
  f.title = "";
  f.summary = std::string(kMaxCourseSummary + 1, 'a');
  f.description = "Se <a href=\"https://example.no\">her</a>.";
  f.field = "astrology";
  f.languages = {"klingon"};
  f.owner = "99";  // not one this person may give a course to
  f.contact_email = "lms@";
  f.fee = "-5";
  f.programme = {{"Hva er KOLS?", "0", "professional"}, {"", "1,1", "professional"}};
  auto r = validate_course_form(f, kChoices);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(r.error().message_key, "course_form.error.invalid");
  EXPECT_EQ(fields_of(r),
            (std::vector<std::string>{"title", "summary", "description", "field", "languages",
                                      "owner", "contact_email", "fee", "programme.1.hours",
                                      "programme.2.topic", "programme.2.hours"}));
  EXPECT_EQ(key_for(r, "title"), "course_form.error.required");
  EXPECT_EQ(key_for(r, "summary"), "course_form.error.too_long");
  EXPECT_EQ(key_for(r, "description"), "course_form.error.markup");
  EXPECT_EQ(key_for(r, "field"), "course_form.error.choice");
  EXPECT_EQ(key_for(r, "programme.1.hours"), "course_form.error.hours");
}

TEST(CourseForm, ATwentyKilobyteTitleAndControlCharactersAreRefused) {
  CourseForm f = good_form();
  f.title = std::string(20 * 1024, 'x');
  f.what_to_bring = "Ta med\x07 deg";
  auto r = validate_course_form(f, kChoices);
  EXPECT_EQ(key_for(r, "title"), "course_form.error.too_long");
  EXPECT_EQ(key_for(r, "what_to_bring"), "course_form.error.characters");
  f = good_form();
  f.title = "\xC3\x28";  // not UTF-8
  EXPECT_EQ(key_for(validate_course_form(f, kChoices), "title"), "course_form.error.characters");
  // A length is counted in characters: 150 Sami letters of two bytes each fit.
  f = good_form();
  std::string sami;
  for (int i = 0; i < 150; ++i) sami += "á";
  f.title = sami;
  EXPECT_TRUE(validate_course_form(f, kChoices).ok());
}

TEST(CourseForm, HoursAreWholeQuarterHoursUpToAWorkingDay) {
  CourseForm f = good_form();
  for (const char* ok : {"0,25", "0.5", "1", "1,75", "8", "08"}) {
    f.programme = {{"Tema", ok, "professional"}};
    EXPECT_TRUE(validate_course_form(f, kChoices).ok()) << ok;
  }
  for (const char* bad : {"0", "0,1", "1,333", "8,25", "-1", "1h", "", ",", "100"}) {
    f.programme = {{"Tema", bad, "professional"}};
    EXPECT_EQ(key_for(validate_course_form(f, kChoices), "programme.1.hours"),
              "course_form.error.hours")
        << bad;
  }
}

TEST(CourseForm, AProgrammeIsNeededAndTargetGroupsAndLanguagesToo) {
  CourseForm f = good_form();
  f.programme = {{"", "", ""}};
  f.target_groups.clear();
  f.languages.clear();
  auto r = validate_course_form(f, kChoices);
  EXPECT_EQ(key_for(r, "programme"), "course_form.error.programme_required");
  EXPECT_EQ(key_for(r, "target_groups"), "course_form.error.required");
  EXPECT_EQ(key_for(r, "languages"), "course_form.error.required");
  f = good_form();
  f.programme.assign(kMaxProgrammeItems + 1, {"Tema", "1", "professional"});
  EXPECT_EQ(key_for(validate_course_form(f, kChoices), "programme"),
            "course_form.error.programme_too_long");
  // Optional fields may stay empty: no fee said, no diagnosis, no contact.
  f = good_form();
  f.fee = f.no_show_fee = f.contact_email = f.contact_phone = f.pathway = "";
  f.diagnosis_keys = {""};
  auto plain = validate_course_form(f, kChoices);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->practical.fee_nok);
  EXPECT_EQ(plain->pathway, PathwayPlacement::None);
  EXPECT_TRUE(plain->diagnosis_keys.empty());
}

TEST(CourseForm, TheFormOfASavedCourseValidatesBackToTheSameCourse) {
  auto first = validate_course_form(good_form(), kChoices);
  ASSERT_TRUE(first.ok());
  auto again = validate_course_form(form_of(*first), kChoices);
  ASSERT_TRUE(again.ok()) << ::testing::PrintToString(fields_of(again));
  EXPECT_TRUE(changed_fields(*first, *again).empty())
      << ::testing::PrintToString(changed_fields(*first, *again));
}

TEST(CourseForm, ChangedFieldsNameWhatAChangeDid) {
  auto before = *validate_course_form(good_form(), kChoices);
  Course after = before;
  EXPECT_TRUE(changed_fields(before, after).empty());
  after.title = "Ny tittel";
  after.programme.items[1].teaching_minutes = 120;
  after.practical.fee_nok.reset();
  after.translations = {{"se", "Oahpa eallit KOLSain", "", ""}};
  after.status = CourseStatus::Published;
  after.completion = {"study_association", 75};
  EXPECT_EQ(changed_fields(before, after),
            (std::vector<std::string>{"title", "practical", "programme", "completion_scheme",
                                      "translations", "status"}));
}

// The completion scheme is one the catalogue knows (its data, with its share);
// saying nothing is the default, ISF.
TEST(CourseForm, TheCompletionSchemeIsAKnownOneAndISFWhenNotSaid) {
  auto f = good_form();
  auto course = validate_course_form(f, kChoices);
  ASSERT_TRUE(course.ok());
  EXPECT_EQ(course->completion.key, "isf");
  EXPECT_EQ(course->completion.required_percent, 80);

  f.completion_scheme = " study_association ";
  course = validate_course_form(f, kChoices);
  ASSERT_TRUE(course.ok());
  EXPECT_EQ(course->completion.key, "study_association");
  EXPECT_EQ(course->completion.required_percent, 75);
  EXPECT_EQ(form_of(*course).completion_scheme, "study_association");

  f.completion_scheme = "hapid";
  EXPECT_EQ(fields_of(validate_course_form(f, kChoices)),
            (std::vector<std::string>{"completion_scheme"}));
  // A catalogue without the scheme refuses it too: the choices are the data.
  f.completion_scheme = "";
  EXPECT_EQ(fields_of(validate_course_form(f, CourseFormChoices{{3}, {"kols"}, {}})),
            (std::vector<std::string>{"completion_scheme"}));
}

// The six parts are free text the working group writes over time: any may be
// empty, each is trimmed, markup and a pasted report are refused at its part.
TEST(CourseForm, TheDidacticPlanKeepsItsSixPartsAndRefusesMarkupAtThePart) {
  auto f = good_form();
  auto empty = validate_course_form(f, kChoices);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->plan.written(), 0);

  f.plan[DidacticPart::TargetGroup] =
      "  Voksne med KOLS og deres pårørende.\n\nMange er nydiagnostiserte. ";
  f.plan[DidacticPart::Goals] = "Kjenne igjen en forverring og vite hva de gjør da.";
  f.plan[DidacticPart::Evaluation] = "Skjema etter siste samling; evalueringsmøte innen fire uker.";
  auto course = validate_course_form(f, kChoices);
  ASSERT_TRUE(course.ok()) << ::testing::PrintToString(fields_of(course));
  EXPECT_EQ(course->plan[DidacticPart::TargetGroup],
            "Voksne med KOLS og deres pårørende.\n\nMange er nydiagnostiserte.");
  EXPECT_EQ(course->plan.written(), 3);
  EXPECT_EQ(form_of(*course).plan, course->plan);

  Course changed = *course;
  changed.plan[DidacticPart::Methods] = "Samtale og erfaringsdeling.";
  EXPECT_EQ(changed_fields(*course, changed), std::vector<std::string>{"didactic_plan"});

  f.plan[DidacticPart::Methods] = "Se <a href=\"x\">her</a>";
  f.plan[DidacticPart::Content] = std::string(kMaxDidacticPart + 1, 'a');
  EXPECT_EQ(fields_of(validate_course_form(f, kChoices)),
            (std::vector<std::string>{"plan.content", "plan.methods"}));
  f.plan[DidacticPart::Content] = std::string(kMaxDidacticPart, 'a');  // the longest allowed
  f.plan[DidacticPart::Methods] = "";
  EXPECT_TRUE(validate_course_form(f, kChoices).ok());
}

TEST(DidacticPlan, APartOfOnlySpaceIsNotWritten) {
  DidacticPlan plan;
  plan[DidacticPart::Frame] = " \n ";
  plan[DidacticPart::Goals] = "Mål";
  EXPECT_EQ(plan.written(), 1);
}

}  // namespace
}  // namespace kursbase
