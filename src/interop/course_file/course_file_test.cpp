// Courses as files (issue 14): the CSV a spreadsheet writes, read with each
// record's line; the JSON of the staff API; and what write_course_csv()
// writes reads back to the same forms.
#include "interop/course_file/course_file.hpp"

#include <gtest/gtest.h>

namespace kursbase::interop {
namespace {

CourseForm heart_school() {
  CourseForm f;
  f.title = "Hjertesviktskolen, for deg og dine";
  f.summary = "Om å leve med \"hjertesvikt\".";
  f.owner = "3";
  f.field = "somatic";
  f.target_groups = {"adults", "relatives"};
  f.languages = {"nb", "en"};
  f.interpreter_available = "1";
  f.format = "on_site";
  f.pathway = "after_treatment";
  f.diagnosis_keys = {"hjertesvikt"};
  f.fee = "350";
  f.programme = {{"Hva er hjertesvikt?", "2", "professional"},
                 {"Å leve med det", "1,5", "user_representative"}};
  return f;
}

TEST(CourseFile, TheCsvASpreadsheetWritesIsReadWithEachRecordsLine) {
  const std::string csv =
      "title,owner_id,field,target_groups,languages,format,referral_required,programme\r\n"
      "KOLS-skolen,3,somatic,\"adults, relatives\",nb,on_site,Ja,\"Hva er KOLS?|2|both\n"
      "Pust|1,5|professional\"\r\n"
      "Uten program,3,somatic,adults,nb,digital,kanskje,\r\n";
  auto read = read_course_csv(csv);
  ASSERT_TRUE(read.ok()) << read.error().detail;
  ASSERT_EQ(read->size(), 2u);
  const auto& kols = (*read)[0];
  EXPECT_EQ(kols.position, 2u);
  EXPECT_TRUE(kols.errors.empty());
  EXPECT_EQ(kols.form.title, "KOLS-skolen");
  EXPECT_EQ(kols.form.target_groups, (std::vector<std::string>{"adults", "relatives"}));
  EXPECT_EQ(kols.form.referral_required, "1");
  ASSERT_EQ(kols.form.programme.size(), 2u);
  EXPECT_EQ(kols.form.programme[1].hours, "1,5");
  EXPECT_EQ(kols.form.programme[1].teacher, "professional");
  const auto& odd = (*read)[1];
  EXPECT_EQ(odd.position, 4u);  // line 3 belongs to the record before
  ASSERT_EQ(odd.errors.size(), 1u);
  EXPECT_EQ(odd.errors[0].field, "referral_required");
  EXPECT_TRUE(odd.form.programme.empty());
}

TEST(CourseFile, AFileThatIsNotCoursesIsRefusedWhole) {
  EXPECT_EQ(read_course_csv("").error().message_key, "course_file.error.no_header");
  EXPECT_EQ(read_course_csv("title,colour\nx,red\n").error().message_key,
            "course_file.error.unknown_column");
  EXPECT_EQ(read_course_csv("title\n\"open\n").error().code, ErrorCode::Malformed);
  EXPECT_EQ(read_course_json("{\"title\": 1}").error().message_key,
            "course_file.error.not_a_json_array");
  EXPECT_EQ(read_course_json("[1").error().code, ErrorCode::Malformed);
}

TEST(CourseFile, JsonIsTheApisCourseInput) {
  auto read = read_course_json(
      R"([{"title": "KOLS-skolen", "owner_id": 3, "fee_nok": 350, "interpreter_available": true,
           "target_groups": ["adults"], "programme": [{"topic": "Hva er KOLS?", "hours": 1.5,
           "teacher": "both"}]}, 7, {"title": ["not text"]}])");
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 3u);
  EXPECT_EQ((*read)[0].form.owner, "3");
  EXPECT_EQ((*read)[0].form.fee, "350");
  EXPECT_EQ((*read)[0].form.interpreter_available, "1");
  EXPECT_EQ((*read)[0].form.programme[0].hours, "1.5");
  EXPECT_TRUE((*read)[0].errors.empty());
  EXPECT_EQ((*read)[1].position, 2u);
  EXPECT_EQ((*read)[1].errors.at(0).message_key, "course_file.error.not_an_object");
  EXPECT_EQ((*read)[2].errors.at(0).field, "title");
}

TEST(CourseFile, WhatIsWrittenReadsBackTheSame) {
  const std::vector<CourseForm> courses{heart_school(), heart_school()};
  auto read = read_course_csv(write_course_csv(courses));
  ASSERT_TRUE(read.ok()) << read.error().detail;
  ASSERT_EQ(read->size(), 2u);
  const CourseForm& back = (*read)[0].form;
  const CourseForm want = heart_school();
  EXPECT_EQ(back.title, want.title);
  EXPECT_EQ(back.summary, want.summary);
  EXPECT_EQ(back.target_groups, want.target_groups);
  EXPECT_EQ(back.languages, want.languages);
  EXPECT_EQ(back.interpreter_available, "1");
  EXPECT_EQ(back.referral_required, "");
  EXPECT_EQ(back.diagnosis_keys, want.diagnosis_keys);
  EXPECT_EQ(back.fee, "350");
  ASSERT_EQ(back.programme.size(), 2u);
  EXPECT_EQ(back.programme[1].topic, "Å leve med det");
  EXPECT_EQ(back.programme[1].hours, "1,5");
  EXPECT_EQ(back.programme[1].teacher, "user_representative");
  EXPECT_TRUE((*read)[0].errors.empty());
}

}  // namespace
}  // namespace kursbase::interop
