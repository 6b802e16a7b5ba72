#include "domain/staff/access.hpp"

#include <gtest/gtest.h>

namespace kursbase {
namespace {

Actor with(Role role, ScopeKind scope, std::int64_t id) { return {1, "x", {{role, scope, id}}}; }

const ObjectScope kCourse7InHf5{7, 5, 1};

TEST(Access, CourseStaffSeeTheirCourseOnly) {
  auto leader = with(Role::CourseLeader, ScopeKind::Course, 7);
  EXPECT_TRUE(decide(leader, Action::ViewParticipants, kCourse7InHf5).allowed);
  EXPECT_TRUE(decide(leader, Action::RecordAttendance, kCourse7InHf5).allowed);
  EXPECT_FALSE(decide(leader, Action::ViewParticipants, {8, 5, 1}).allowed);
  EXPECT_FALSE(decide(leader, Action::ViewNationalId, kCourse7InHf5).allowed);
  EXPECT_FALSE(decide(leader, Action::EditCourse, kCourse7InHf5).allowed);
}

TEST(Access, LmsAdvisorSeesTheirHealthTrust) {
  auto advisor = with(Role::LmsAdvisor, ScopeKind::HealthTrust, 5);
  EXPECT_TRUE(decide(advisor, Action::ViewNationalId, kCourse7InHf5).allowed);
  EXPECT_FALSE(decide(advisor, Action::ViewParticipants, {7, 6, 1}).allowed);
  EXPECT_FALSE(decide(advisor, Action::ViewParticipants, {}).allowed);
}

TEST(Access, UserRepresentativesAndAnalystsSeeNoPersons) {
  for (auto actor : {with(Role::UserRepresentative, ScopeKind::Course, 7),
                     with(Role::Analyst, ScopeKind::Nation, 0),
                     with(Role::SystemAdministrator, ScopeKind::Nation, 0),
                     with(Role::Auditor, ScopeKind::Nation, 0)})
    for (auto action : {Action::ViewParticipants, Action::ViewNationalId, Action::RecordAttendance,
                        Action::ExportPersonalData})
      EXPECT_EQ(decide(actor, action, kCourse7InHf5).allowed,
                // Access and erasure requests are the one exception (docs/security.md).
                actor.grants[0].role == Role::SystemAdministrator &&
                    action == Action::ExportPersonalData);
  EXPECT_TRUE(decide(with(Role::UserRepresentative, ScopeKind::Course, 7), Action::ViewProgramme,
                     kCourse7InHf5)
                  .allowed);
}

TEST(Access, RegionScopeAndTheGrantThatAllowed) {
  Actor a{
      1, "x", {{Role::Professional, ScopeKind::Course, 9}, {Role::Analyst, ScopeKind::Region, 1}}};
  auto d = decide(a, Action::ViewAggregates, kCourse7InHf5);
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.grant->role, Role::Analyst);
  EXPECT_FALSE(decide(a, Action::ViewAggregates, {7, 5, 2}).allowed);
  EXPECT_FALSE(decide(Actor{}, Action::ViewProgramme, kCourse7InHf5).allowed);
}

}  // namespace
}  // namespace kursbase
