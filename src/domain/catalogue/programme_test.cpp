#include "domain/catalogue/programme.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

TEST(Programme, SumsTeachingMinutesAndUserCompetence) {
  Programme p{{{"Hva er KOLS?", 90, Teacher::Professional},
               {"Å leve med KOLS", 120, Teacher::UserRepresentative},
               {"Fysisk aktivitet", 150, Teacher::Both}}};
  EXPECT_EQ(p.total_teaching_minutes(), 360);
  EXPECT_EQ(p.user_representative_minutes(), 270);
  EXPECT_TRUE(p.includes_user_representative());
  EXPECT_FALSE(Programme{}.includes_user_representative());
  EXPECT_EQ(Programme{}.total_teaching_minutes(), 0);
}

TEST(Programme, FormatsHoursTheNorwegianWay) {
  EXPECT_EQ(format_hours(90), "1,5");
  EXPECT_EQ(format_hours(120), "2");
  EXPECT_EQ(format_hours(100), "1,67");
  EXPECT_EQ(format_hours(45, '.'), "0.75");
  EXPECT_EQ(format_hours(0), "0");
}

}  // namespace
}  // namespace kursbase
