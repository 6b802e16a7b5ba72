#include "demo/demo_catalogue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "adapters/tz/tzdb_time_zone.hpp"
#include "domain/catalogue/course_translation.hpp"
#include "domain/core/language.hpp"

namespace kursbase::demo {
namespace {

using namespace std::chrono;

const Day kToday = Day{2026y / March / 15};

// Europe/Oslo from tzdata, as `kursbase demo` uses it.
Instant oslo(Day day, minutes time) {
  static const auto zone = [] {
    auto z = adapters::TzdbTimeZone::locate("Europe/Oslo");
    if (!z) std::abort();
    return std::move(*z);
  }();
  return zone->instant_of(day, time);
}

// Generated once per scale and seed: the tests only read it.
const DemoCatalogue& catalogue(int scale = 1, std::uint64_t seed = 42) {
  static std::map<std::pair<int, std::uint64_t>, DemoCatalogue> cache;
  auto [it, inserted] = cache.try_emplace({scale, seed});
  if (inserted) it->second = generate_demo_catalogue(scale, seed, kToday, oslo);
  return it->second;
}

bool has_target(const Course& c, TargetGroup g) {
  return std::find(c.target_groups.begin(), c.target_groups.end(), g) != c.target_groups.end();
}

bool has_diagnosis(const Course& c, std::string_view key) {
  return std::find(c.diagnosis_keys.begin(), c.diagnosis_keys.end(), key) != c.diagnosis_keys.end();
}

TEST(DemoCatalogue, SameSeedGivesIdenticalData) {
  const auto a = generate_demo_catalogue(1, 7, kToday, oslo);
  const auto b = generate_demo_catalogue(1, 7, kToday, oslo);
  ASSERT_EQ(a.courses.size(), b.courses.size());
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t i = 0; i < a.courses.size(); ++i) {
    EXPECT_EQ(a.courses[i].title, b.courses[i].title);
    EXPECT_EQ(a.courses[i].description, b.courses[i].description);
    EXPECT_EQ(a.courses[i].owner_id, b.courses[i].owner_id);
  }
  for (std::size_t i = 0; i < a.runs.size(); ++i) {
    ASSERT_EQ(a.runs[i].sessions.size(), b.runs[i].sessions.size());
    for (std::size_t s = 0; s < a.runs[i].sessions.size(); ++s) {
      EXPECT_EQ(a.runs[i].sessions[s].starts_at, b.runs[i].sessions[s].starts_at);
      EXPECT_EQ(a.runs[i].sessions[s].ends_at, b.runs[i].sessions[s].ends_at);
    }
  }
}

TEST(DemoCatalogue, DifferentSeedGivesDifferentData) {
  const auto& a = catalogue(1, 42);
  const auto& b = catalogue(1, 43);
  int differing_titles = 0;
  const auto n = std::min(a.courses.size(), b.courses.size());
  for (std::size_t i = 0; i < n; ++i) differing_titles += a.courses[i].title != b.courses[i].title;
  EXPECT_GT(differing_titles, int(n) / 2);
  EXPECT_NE(a.runs.front().sessions.front().starts_at, b.runs.front().sessions.front().starts_at);
  // The organisations are the real ones, whatever the seed.
  ASSERT_EQ(a.organisations.size(), b.organisations.size());
  for (std::size_t i = 0; i < a.organisations.size(); ++i)
    EXPECT_EQ(a.organisations[i].name, b.organisations[i].name);
}

TEST(DemoCatalogue, ScaleOneLooksLikeTheCountry) {
  const auto& c = catalogue();
  EXPECT_GE(c.courses.size(), 1200u);
  EXPECT_LE(c.courses.size(), 1800u);
  EXPECT_GE(c.runs.size(), 4000u);
  EXPECT_LE(c.runs.size(), 6000u);
  const auto centres = std::count_if(c.organisations.begin(), c.organisations.end(), [](auto& o) {
    return o.kind == OrganisationKind::LearningCentre ||
           o.kind == OrganisationKind::MunicipalService;
  });
  EXPECT_GE(centres, 60);
  EXPECT_LE(centres, 80);
  const auto rhfs = std::count_if(c.organisations.begin(), c.organisations.end(), [](auto& o) {
    return o.kind == OrganisationKind::RegionalHealthAuthority;
  });
  EXPECT_EQ(rhfs, 4);
  EXPECT_GE(c.municipalities.size(), 100u);
}

TEST(DemoCatalogue, ScaleMultipliesCoursesAndRunsOnly) {
  const auto& one = catalogue(1);
  const auto& two = catalogue(2);
  EXPECT_EQ(two.courses.size(), 2 * one.courses.size());
  EXPECT_GT(two.runs.size(), one.runs.size() * 17 / 10);
  EXPECT_LT(two.runs.size(), one.runs.size() * 23 / 10);
  EXPECT_EQ(two.organisations.size(), one.organisations.size());
  EXPECT_EQ(two.municipalities.size(), one.municipalities.size());
  EXPECT_EQ(two.diagnosis_areas.size(), one.diagnosis_areas.size());
}

TEST(DemoCatalogue, ScaleBelowOneIsTreatedAsOne) {
  EXPECT_EQ(generate_demo_catalogue(0, 42, kToday, oslo).courses.size(),
            catalogue().courses.size());
  EXPECT_EQ(generate_demo_catalogue(-3, 42, kToday, oslo).runs.size(), catalogue().runs.size());
}

TEST(DemoCatalogue, IdsAreDenseAndReferencesResolve) {
  const auto& c = catalogue();
  for (std::size_t i = 0; i < c.organisations.size(); ++i) {
    const auto& o = c.organisations[i];
    ASSERT_EQ(o.id, std::int64_t(i) + 1);
    if (o.parent_id) {
      EXPECT_LT(*o.parent_id, o.id) << o.name;  // parents first
    }
    EXPECT_FALSE(o.name.empty());
  }
  auto org = [&](std::int64_t id) -> const Organisation* {
    return id >= 1 && id <= std::int64_t(c.organisations.size()) ? &c.organisations[id - 1]
                                                                 : nullptr;
  };
  std::set<std::string> diagnosis_keys, municipality_numbers;
  for (const auto& d : c.diagnosis_areas) EXPECT_TRUE(diagnosis_keys.insert(d.key).second);
  for (const auto& m : c.municipalities) {
    EXPECT_TRUE(municipality_numbers.insert(m.number).second) << m.number;
    ASSERT_TRUE(m.health_trust_id);
    ASSERT_NE(org(*m.health_trust_id), nullptr);
    EXPECT_EQ(org(*m.health_trust_id)->kind, OrganisationKind::HealthTrust);
  }
  for (std::size_t i = 0; i < c.courses.size(); ++i) {
    const auto& course = c.courses[i];
    ASSERT_EQ(course.id, CourseId(i) + 1);
    const auto* owner = org(course.owner_id);
    ASSERT_NE(owner, nullptr);
    EXPECT_TRUE(owner->kind == OrganisationKind::Department ||
                owner->kind == OrganisationKind::LearningCentre ||
                owner->kind == OrganisationKind::MunicipalService);
    for (const auto& k : course.diagnosis_keys) EXPECT_TRUE(diagnosis_keys.count(k)) << k;
  }
  std::int64_t session_id = 0;
  for (std::size_t i = 0; i < c.runs.size(); ++i) {
    const auto& run = c.runs[i];
    ASSERT_EQ(run.id, RunId(i) + 1);
    ASSERT_GE(run.course_id, 1);
    ASSERT_LE(run.course_id, std::int64_t(c.courses.size()));
    for (const auto& s : run.sessions) EXPECT_EQ(s.id, ++session_id);
    if (run.location) {
      EXPECT_TRUE(municipality_numbers.count(run.location->municipality_number));
    }
  }
}

TEST(DemoCatalogue, OrganisationsAreTheRealTree) {
  const auto& c = catalogue();
  std::map<std::string, const Organisation*> by_name;
  for (const auto& o : c.organisations) by_name[o.name] = &o;
  ASSERT_TRUE(by_name.count("Oslo universitetssykehus HF"));
  EXPECT_EQ(by_name["Oslo universitetssykehus HF"]->org_number, "993467049");
  EXPECT_EQ(by_name["Helse Nord RHF"]->org_number, "883658752");
  for (auto name : {"Lovisenberg Diakonale Sykehus", "Diakonhjemmet Sykehus",
                    "Haraldsplass Diakonale Sykehus", "Friskliv og mestring, Bærum kommune"})
    EXPECT_TRUE(by_name.count(name)) << name;
  // Every HF has exactly one LMS and two to four departments.
  for (const auto& hf : c.organisations) {
    if (hf.kind != OrganisationKind::HealthTrust) continue;
    int lms = 0, departments = 0;
    for (const auto& o : c.organisations) {
      if (o.parent_id != hf.id) continue;
      lms += o.kind == OrganisationKind::LearningCentre;
      departments += o.kind == OrganisationKind::Department;
    }
    EXPECT_EQ(lms, 1) << hf.name;
    EXPECT_GE(departments, 2) << hf.name;
    EXPECT_LE(departments, 4) << hf.name;
    EXPECT_NE(hf.email.find('@'), std::string::npos);
    EXPECT_EQ(hf.phone.rfind("+47 ", 0), 0u);
  }
  for (const auto& o : c.organisations)
    if (o.kind == OrganisationKind::MunicipalService) {
      EXPECT_EQ(o.municipality_number.size(), 4u);
    }
}

TEST(DemoCatalogue, MunicipalityNumbersHaveAValidCounty) {
  const std::set<std::string> counties{"03", "11", "15", "18", "31", "32", "33", "34",
                                       "39", "40", "42", "46", "50", "55", "56"};
  for (const auto& m : catalogue().municipalities) {
    ASSERT_EQ(m.number.size(), 4u) << m.name;
    EXPECT_TRUE(std::all_of(m.number.begin(), m.number.end(), ::isdigit)) << m.name;
    EXPECT_TRUE(counties.count(m.county_number())) << m.name << " " << m.number;
  }
}

TEST(DemoCatalogue, RunsFollowTheirProgramme) {
  const auto& c = catalogue();
  const Instant earliest{kToday - days{366}}, latest{kToday + days{367}};
  int cancelled = 0;
  for (const auto& run : c.runs) {
    const auto& course = c.courses[std::size_t(run.course_id - 1)];
    ASSERT_EQ(run.sessions.size(), course.programme.items.size()) << course.title;
    for (std::size_t i = 0; i < run.sessions.size(); ++i) {
      const auto& s = run.sessions[i];
      EXPECT_GT(s.ends_at, s.starts_at);
      EXPECT_GE(s.ends_at - s.starts_at, course.programme.items[i].teaching_minutes * 1min);
      EXPECT_GE(s.starts_at, earliest);
      EXPECT_LT(s.ends_at, latest);
      if (i > 0) {
        EXPECT_GT(s.starts_at, run.sessions[i - 1].ends_at);
      }
      const unsigned wd = weekday{floor<days>(s.starts_at)}.c_encoding();
      EXPECT_TRUE(wd >= 1 && wd <= 5) << format_instant(s.starts_at);
    }
    EXPECT_GE(run.capacity, 8);
    EXPECT_LE(run.capacity, 16);
    EXPECT_GE(run.min_participants, 5);
    EXPECT_LE(run.min_participants, run.capacity);
    EXPECT_LT(run.registration_deadline, run.sessions.front().starts_at - days{6});
    EXPECT_EQ(run.language, course.languages.front());
    EXPECT_EQ(run.digital, course.format != CourseFormat::OnSite);
    EXPECT_EQ(run.location.has_value(), course.format != CourseFormat::Digital);
    cancelled += run.state == RunState::Cancelled;
  }
  EXPECT_GT(cancelled, int(c.runs.size()) / 50);
  EXPECT_LT(cancelled, int(c.runs.size()) / 12);
}

TEST(DemoCatalogue, ProgrammesAreRealistic) {
  int with_user_representative = 0;
  for (const auto& course : catalogue().courses) {
    const auto& items = course.programme.items;
    EXPECT_GE(items.size(), 2u);
    EXPECT_LE(items.size(), 6u);
    for (const auto& item : items) {
      EXPECT_EQ(item.teaching_minutes % 30, 0);
      EXPECT_GE(item.teaching_minutes, 90);
      EXPECT_LE(item.teaching_minutes, 300);
    }
    with_user_representative += course.programme.includes_user_representative();
    for (const auto& l : course.languages) EXPECT_TRUE(is_course_language(l)) << l;
  }
  EXPECT_GT(with_user_representative, int(catalogue().courses.size()) * 8 / 10);
}

TEST(DemoCatalogue, CoversTheRealSpectrum) {
  const auto& courses = catalogue().courses;
  for (auto key : {"kols", "diabetes-type-1", "diabetes-type-2", "hjertesvikt", "kreft", "ms",
                   "parkinson", "epilepsi", "revmatisme", "adhd", "psykose", "spiseforstyrrelser",
                   "angst-depresjon", "rus", "kronisk-smerte", "sykelig-overvekt"})
    EXPECT_TRUE(std::any_of(courses.begin(), courses.end(), [&](auto& c) {
      return has_diagnosis(c, key);
    })) << key;
  EXPECT_TRUE(std::any_of(courses.begin(), courses.end(), [](auto& c) {
    return has_diagnosis(c, "demens") && has_target(c, TargetGroup::Relatives);
  }));
  EXPECT_TRUE(std::any_of(courses.begin(), courses.end(), [](auto& c) {
    return c.title.find("Helsepedagogisk grunnkurs") != std::string::npos &&
           has_target(c, TargetGroup::HealthPersonnel) && c.field == Field::DiagnosisIndependent;
  }));
}

TEST(DemoCatalogue, MixesLanguagesFormatsAndReferrals) {
  const auto& courses = catalogue().courses;
  std::set<std::string> languages;
  std::map<CourseFormat, int> formats;
  int interpreter = 0, referral = 0, published = 0;
  for (const auto& c : courses) {
    languages.insert(c.languages.begin(), c.languages.end());
    ++formats[c.format];
    interpreter += c.interpreter_available;
    referral += c.referral_required;
    published += c.status == CourseStatus::Published;
  }
  for (auto l : {"nb", "nn", "se", "en"}) EXPECT_TRUE(languages.count(l)) << l;
  const int n = int(courses.size());
  EXPECT_GT(interpreter, n / 20);
  EXPECT_LT(interpreter, n / 5);
  EXPECT_GT(formats[CourseFormat::OnSite], n / 2);
  EXPECT_GT(formats[CourseFormat::Digital], n / 12);
  EXPECT_GT(formats[CourseFormat::Hybrid], n / 20);
  EXPECT_GT(referral, n * 45 / 100);
  EXPECT_LT(referral, n * 65 / 100);
  EXPECT_GT(published, n * 94 / 100);
  EXPECT_LT(published, n);
}

// Issue 13: courses written in nynorsk say so, the English-language ones are
// written in English with a bokmål text, the Sami-language ones have a North
// Sami text; every set of translations is well-formed, and the Norwegian
// closing of a description stays out of the English one.
TEST(DemoCatalogue, SomeCoursesHaveTheirTextsInMoreLanguages) {
  std::map<std::string, int> written_in, translated_to;
  for (const auto& c : catalogue().courses) {
    EXPECT_EQ(translation_problem(c.text_language, c.translations), "") << c.title;
    ++written_in[c.text_language];
    for (const auto& t : c.translations) ++translated_to[t.language];
    if (c.text_language == "nn") {
      EXPECT_EQ(c.languages.front(), "nn") << c.title;
    }
    if (c.text_language == "en") {
      EXPECT_EQ(c.description.find("\n\n"), std::string::npos) << c.description;  // no closing
      ASSERT_FALSE(c.translations.empty()) << c.title;
      EXPECT_EQ(c.translations[0].language, "nb");
      EXPECT_EQ(wording_for(c, "nb").title, c.translations[0].title);
      EXPECT_EQ(wording_for(c, "se").language, "nb");  // the bokmål text before English
    }
    for (const auto& t : c.translations)
      if (t.language == "se") {
        EXPECT_NE(std::find(c.languages.begin(), c.languages.end(), "se"), c.languages.end());
        EXPECT_EQ(wording_for(c, "se").title, t.title);
      }
  }
  EXPECT_GT(written_in["nb"], written_in["nn"]);
  EXPECT_GT(written_in["nn"], 0);
  EXPECT_GT(written_in["en"], 0);
  EXPECT_GT(translated_to["se"], 0);
  EXPECT_GT(translated_to["en"], 0);
  EXPECT_GT(translated_to["nb"], 0);
}

// Fees as domain.md has them: courses without referral are free; some HFs
// charge for referral courses, more for a no-show. Every course says what to
// bring. Some referral runs take registrations from staff only.
TEST(DemoCatalogue, FeesWhatToBringAndStaffOnlyRunsWhereTheDomainHasThem) {
  const auto& cat = catalogue();
  int charging = 0;
  for (const auto& c : cat.courses) {
    ASSERT_TRUE(c.practical.fee_nok) << c.title;
    EXPECT_FALSE(c.practical.what_to_bring.empty()) << c.title;
    if (!c.referral_required) {
      EXPECT_EQ(*c.practical.fee_nok, 0) << c.title;
    }
    if (*c.practical.fee_nok > 0) {
      ++charging;
      ASSERT_TRUE(c.practical.no_show_fee_nok);
      EXPECT_GT(*c.practical.no_show_fee_nok, *c.practical.fee_nok);
    }
  }
  const int n = int(cat.courses.size());
  EXPECT_GT(charging, n / 20);
  EXPECT_LT(charging, n / 2);
  std::map<CourseId, bool> referral;
  for (const auto& c : cat.courses) referral[c.id] = c.referral_required;
  int staff_only = 0;
  for (const auto& r : cat.runs) {
    if (!r.staff_registration_only) continue;
    ++staff_only;
    EXPECT_TRUE(referral[r.course_id]) << "run " << r.id;
  }
  EXPECT_GT(staff_only, int(cat.runs.size()) / 20);
  EXPECT_LT(staff_only, int(cat.runs.size()) / 5);
}

// Norway is UTC+1 in winter and UTC+2 in summer: 10:00 local is 09:00Z in
// January and 08:00Z in June. Local start times are 09, 10, 12, 17 or 18.
TEST(DemoCatalogue, SessionTimesFollowNorwegianDaylightSaving) {
  const std::set<long> winter{8, 9, 11, 16, 17}, summer{7, 8, 10, 15, 16};
  bool ten_in_january = false, ten_in_june = false;
  for (const auto& run : catalogue().runs) {
    for (const auto& s : run.sessions) {
      const auto day = floor<days>(s.starts_at);
      const unsigned month = unsigned(year_month_day{day}.month());
      const long hour = hh_mm_ss{s.starts_at - day}.hours().count();
      if (month == 1) {
        EXPECT_TRUE(winter.count(hour)) << format_instant(s.starts_at);
        ten_in_january |= hour == 9;
      }
      if (month == 6) {
        EXPECT_TRUE(summer.count(hour)) << format_instant(s.starts_at);
        ten_in_june |= hour == 8;
      }
    }
  }
  EXPECT_TRUE(ten_in_january);
  EXPECT_TRUE(ten_in_june);
}

// A guard against accidentally quadratic work, loose enough for Debug and
// sanitizer builds; a Release build generates scale 10 in about 0.2 s.
TEST(DemoCatalogue, ScaleTenStaysLinear) {
  const auto start = steady_clock::now();
  const auto c = generate_demo_catalogue(10, 1, kToday, oslo);
  EXPECT_LT(steady_clock::now() - start, 20s);
  EXPECT_EQ(c.courses.size(), 10 * catalogue().courses.size());
}

}  // namespace
}  // namespace kursbase::demo
