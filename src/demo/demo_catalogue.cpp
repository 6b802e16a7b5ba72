#include "demo/demo_catalogue.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "demo/course_translations.hpp"
#include "demo/reference_data.hpp"

namespace kursbase::demo {
namespace {

using namespace std::chrono;

constexpr int kCoursesPerScale = 1500;
constexpr int kMunicipalShareDivisor = 6;  // about one course in six is municipal
constexpr int kHorizonDays = 365;          // runs lie within today ± one year
constexpr double kPublishedShare = 0.97;

// splitmix64: tiny, well mixed, and the same on every platform and standard
// library (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  // Index into `weights`, drawn in proportion to them.
  template <class Weights>
  int weighted(const Weights& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = static_cast<double>(next() >> 11) * 0x1.0p-53 * total;
    int i = 0;
    for (double w : weights) {
      if (x < w) return i;
      x -= w;
      ++i;
    }
    return i - 1;
  }

 private:
  std::uint64_t state_;
};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

bool is_letter(unsigned char c) { return std::isalpha(c) || c >= 0x80; }  // UTF-8 counts

// Replaces `from` only where it stands as a whole word.
void replace_word(std::string& s, std::string_view from, std::string_view to) {
  auto pos = s.find(from);
  while (pos != std::string::npos) {
    const auto end = pos + from.size();
    const bool whole =
        (pos == 0 || !is_letter(s[pos - 1])) && (end == s.size() || !is_letter(s[end]));
    if (whole) s.replace(pos, from.size(), to);
    pos = s.find(from, whole ? pos + to.size() : pos + 1);
  }
}

// Enough nynorsk for the demo: the common words of our templates.
std::string to_nynorsk(std::string s) {
  for (const auto& w : nynorsk_stems()) replace_all(s, w.bokmaal, w.nynorsk);
  for (const auto& w : nynorsk_words()) replace_word(s, w.bokmaal, w.nynorsk);
  return s;
}

// "Bærum" -> "baerum", for e-mail and web addresses.
std::string ascii_slug(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = name[i];
    if (c == 0xC3 && i + 1 < name.size()) {
      const unsigned char d = name[++i];
      if (d == 0xA6 || d == 0x86)
        out += "ae";
      else if (d == 0xB8 || d == 0x98)
        out += 'o';
      else if (d == 0xA5 || d == 0x85 || d == 0xA1)
        out += 'a';
      continue;
    }
    if (std::isalnum(c))
      out += static_cast<char>(std::tolower(c));
    else if (c == ' ' || c == '-')
      out += '-';
  }
  return out;
}

// A stable, realistic-looking landline number in the municipality's area.
std::string municipal_phone(std::string_view number) {
  int area = 22;
  for (const auto& a : phone_area_codes())
    if (number.substr(0, 2) == a.county) area = a.code;
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: same number, same phone
  for (char c : number) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  char buf[32];
  std::snprintf(buf, sizeof buf, "+47 %02d %02d %02d %02d", area, int(h % 90 + 10),
                int(h / 90 % 100), int(h / 9000 % 100));
  return buf;
}

std::vector<TargetGroup> target_groups(unsigned bits) {
  std::vector<TargetGroup> out;
  const std::pair<unsigned, TargetGroup> all[] = {
      {kChildren, TargetGroup::Children},   {kYouth, TargetGroup::Youth},
      {kAdults, TargetGroup::Adults},       {kElderly, TargetGroup::Elderly},
      {kRelatives, TargetGroup::Relatives}, {kHealthPersonnel, TargetGroup::HealthPersonnel}};
  for (const auto& [bit, group] : all)
    if (bits & bit) out.push_back(group);
  return out;
}

std::vector<std::string> split_languages(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    out.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

Location venue_of(const MunicipalityRef& m) {
  return {std::string(m.venue), std::string(m.address), std::string(m.postal_code),
          std::string(m.postal_place), std::string(m.number)};
}

Location site_of(const HealthTrustRef& hf) {
  return {std::string(hf.site), std::string(hf.address), std::string(hf.postal_code),
          std::string(hf.postal_place), std::string(hf.municipality_number)};
}

std::string_view municipality_name(std::string_view number) {
  for (const auto& m : municipalities())
    if (m.number == number) return m.name;
  return {};
}

std::string_view web_host(std::string_view web) {
  for (std::string_view prefix : {"https://", "www."})
    if (web.substr(0, prefix.size()) == prefix) web.remove_prefix(prefix.size());
  return web;
}

// Where an HF's organisations landed in the output, and what it offers.
struct TrustIndex {
  std::int64_t hf_id = 0;
  std::int64_t lms_id = 0;
  std::vector<std::pair<std::int64_t, DepartmentFocus>> departments;
  std::vector<int> municipalities;  // indices into municipalities()
  std::vector<int> templates;       // indices into course_templates()
  std::vector<double> template_weights;
};

struct ServiceIndex {
  std::int64_t id = 0;
  int municipality = 0;
  bool nynorsk = false;
};

// A course's usual place and the name to tell its copies apart by.
struct Home {
  Location location;
  std::string_view place;
};

class Builder {
 public:
  Builder(int scale, std::uint64_t seed, Day today, const LocalToInstant& local)
      : scale_(scale), rng_(seed), today_(today), local_(local) {}

  DemoCatalogue build() && {
    add_organisations();
    add_municipalities();
    for (const auto& d : diagnosis_areas())
      out_.diagnosis_areas.push_back(
          {std::string(d.key), std::string(d.name), std::string(d.icd10)});
    index_templates();
    const int total = kCoursesPerScale * scale_;
    const int municipal = total / kMunicipalShareDivisor;
    std::vector<double> trust_weights;
    for (const auto& hf : health_trusts()) trust_weights.push_back(hf.weight);
    for (int i = 0; i < total - municipal; ++i) add_hospital_course(rng_.weighted(trust_weights));
    for (int i = 0; i < municipal; ++i)
      add_municipal_course(services_[std::size_t(rng_.below(int(services_.size())))]);
    return std::move(out_);
  }

 private:
  std::int64_t add_org(Organisation o) {
    o.id = static_cast<std::int64_t>(out_.organisations.size()) + 1;
    out_.organisations.push_back(std::move(o));
    return out_.organisations.back().id;
  }

  void add_organisations() {
    std::vector<std::int64_t> region_ids;
    for (const auto& r : regions())
      region_ids.push_back(add_org({0, OrganisationKind::RegionalHealthAuthority,
                                    std::string(r.name), std::string(r.org_number), std::nullopt,
                                    "", "postmottak@" + std::string(r.email_domain),
                                    std::string(r.phone), std::string(r.web)}));
    for (const auto& hf : health_trusts()) {
      TrustIndex t;
      t.hf_id = add_org({0, OrganisationKind::HealthTrust, std::string(hf.name),
                         std::string(hf.org_number), region_ids[std::size_t(hf.region)],
                         std::string(hf.municipality_number),
                         "postmottak@" + std::string(hf.email_domain), std::string(hf.phone),
                         std::string(hf.web)});
      trusts_.push_back(std::move(t));
    }
    for (std::size_t i = 0; i < trusts_.size(); ++i) {  // after all HFs: parents first
      const auto& hf = health_trusts()[i];
      auto& t = trusts_[i];
      t.lms_id =
          add_org({0, OrganisationKind::LearningCentre, std::string(hf.lms_name), "", t.hf_id,
                   std::string(hf.municipality_number), "lms@" + std::string(hf.email_domain),
                   std::string(hf.phone), std::string(hf.web) + "/laring-og-mestring"});
      for (const auto& d : hf.departments) {
        if (d.name.empty()) continue;
        t.departments.emplace_back(add_org({0, OrganisationKind::Department, std::string(d.name),
                                            "", t.hf_id, std::string(hf.municipality_number),
                                            "postmottak@" + std::string(hf.email_domain),
                                            std::string(hf.phone), std::string(hf.web)}),
                                   d.focus);
      }
    }
    const auto muni = municipalities();
    for (std::size_t i = 0; i < muni.size(); ++i) {
      const auto& m = muni[i];
      trusts_[std::size_t(m.health_trust)].municipalities.push_back(int(i));
      if (m.service.empty()) continue;
      const std::string slug = ascii_slug(m.name);
      const std::int64_t id =
          add_org({0, OrganisationKind::MunicipalService, std::string(m.service), "", std::nullopt,
                   std::string(m.number), "friskliv@" + slug + ".kommune.no",
                   municipal_phone(m.number), "https://www." + slug + ".kommune.no/friskliv"});
      const bool nynorsk = m.service.find("meistring") != std::string_view::npos ||
                           m.number.substr(0, 2) == "46" || m.number.substr(0, 2) == "15";
      services_.push_back({id, int(i), nynorsk});
    }
    for (const auto& u : user_organisations())
      add_org({0, OrganisationKind::UserOrganisation, std::string(u.name), "", std::nullopt, "",
               "post@" + std::string(web_host(u.web)), "", std::string(u.web)});
  }

  void add_municipalities() {
    for (const auto& m : municipalities())
      out_.municipalities.push_back(
          {std::string(m.number), std::string(m.name), trusts_[std::size_t(m.health_trust)].hf_id});
  }

  void index_templates() {
    const auto templates = course_templates();
    for (std::size_t i = 0; i < templates.size(); ++i) {
      const auto& t = templates[i];
      if (t.offer == Offer::Municipal) {
        municipal_templates_.push_back(int(i));
        municipal_weights_.push_back(t.weight);
        continue;
      }
      for (std::size_t h = 0; h < trusts_.size(); ++h) {
        const auto& hf = health_trusts()[h];
        double w = t.weight;
        if (t.offer == Offer::Rehab) w = hf.rehab ? 4.0 * t.weight : 0;
        if (t.offer == Offer::SamiArea && !hf.sami) w = 0;
        if (t.offer == Offer::Urban && !hf.urban) w = 0;
        if (t.offer == Offer::Hospital && hf.rehab && t.field != Field::DiagnosisIndependent) w = 0;
        if (w <= 0) continue;
        trusts_[h].templates.push_back(int(i));
        trusts_[h].template_weights.push_back(w);
      }
    }
  }

  std::int64_t pick_owner(const TrustIndex& t, const CourseTemplate& tpl) {
    if (tpl.field == Field::DiagnosisIndependent || rng_.chance(0.2)) return t.lms_id;
    DepartmentFocus focus = DepartmentFocus::Somatic;
    if (tpl.offer == Offer::Rehab)
      focus = DepartmentFocus::Rehab;
    else if (tpl.field == Field::MentalHealth || tpl.field == Field::SubstanceAbuse)
      focus = DepartmentFocus::Mental;
    else if (tpl.targets & (kChildren | kYouth))
      focus = DepartmentFocus::Children;
    std::vector<std::int64_t> matching;
    for (const auto& [id, f] : t.departments)
      if (f == focus) matching.push_back(id);
    if (matching.empty()) return t.lms_id;
    return matching[std::size_t(rng_.below(int(matching.size())))];
  }

  Home pick_home(std::size_t h, const CourseTemplate& tpl) {
    const auto& hf = health_trusts()[h];
    const auto& muni = trusts_[h].municipalities;
    if (tpl.offer == Offer::SamiArea) {
      std::vector<int> sami;
      for (int m : muni)
        if (municipalities()[std::size_t(m)].sami) sami.push_back(m);
      if (!sami.empty() && rng_.chance(0.8)) {
        const auto& m =
            municipalities()[std::size_t(sami[std::size_t(rng_.below(int(sami.size())))])];
        return {venue_of(m), m.name};
      }
    }
    if (muni.empty() || rng_.chance(0.7))
      return {site_of(hf), municipality_name(hf.municipality_number)};
    const auto& m = municipalities()[std::size_t(muni[std::size_t(rng_.below(int(muni.size())))])];
    return {venue_of(m), m.name};
  }

  // Copies of one template within an HF or municipality are told apart by place
  // or kind, as real catalogues do.
  std::string unique_title(std::int64_t group, const std::string& title, std::string_view place) {
    static constexpr std::string_view kSuffixes[] = {"kveldskurs", "dagkurs", "nytt kull",
                                                     "oppfølgingskurs"};
    const std::string prefix = std::to_string(group) + "|";
    std::vector<std::string> candidates{title, title + " – " + std::string(place)};
    for (auto suffix : kSuffixes) candidates.push_back(title + " – " + std::string(suffix));
    for (const auto& c : candidates)
      if (used_titles_.insert(prefix + c).second) return c;
    for (int n = 2;; ++n) {
      std::string c = title + " – kurs " + std::to_string(n);
      if (used_titles_.insert(prefix + c).second) return c;
    }
  }

  Programme make_programme(const CourseTemplate& tpl, bool nynorsk) {
    std::vector<TopicRef> topics;
    for (const auto& t : tpl.topics)
      if (!t.topic.empty()) topics.push_back(t);
    if (topics.size() > 3 && rng_.chance(0.3)) {  // drop a professional item now and then
      const auto i = std::size_t(rng_.between(1, int(topics.size()) - 2));
      if (topics[i].teacher == Teacher::Professional) topics.erase(topics.begin() + long(i));
    }
    Programme p;
    for (const auto& t : topics) {
      int minutes = t.minutes;
      if (rng_.chance(0.3)) minutes += rng_.chance(0.5) ? 30 : -30;
      minutes = std::clamp(minutes, 90, 300);
      p.items.push_back(
          {nynorsk ? to_nynorsk(std::string(t.topic)) : std::string(t.topic), minutes, t.teacher});
    }
    return p;
  }

  // The template's texts in other languages (course_translations.hpp), without
  // a draw. The closing of the generated description (who runs the course,
  // how to sign up) is in Norwegian: it goes with the bokmål text, and a course
  // written in another language keeps only the template's own description.
  static void add_translations(Course& c, const CourseTemplate& tpl) {
    const auto* texts = template_texts(tpl.titles[0]);
    if (!texts) return;
    const std::string closing = c.description.substr(tpl.description.size());
    if (c.text_language != "nb") c.description = std::string(tpl.description);
    for (const auto& t : texts->translations) {
      if (t.language.empty()) continue;
      std::string description(t.description);
      if (t.language == "nb") description += closing;
      c.translations.push_back({std::string(t.language), std::string(t.title),
                                std::string(t.summary), std::move(description)});
    }
  }

  std::string make_description(const CourseTemplate& tpl, bool referral, std::string_view org) {
    std::vector<const ClosingRef*> fitting;
    for (const auto& c : description_closings()) {
      if (c.applies == ClosingFor::WithReferral && !referral) continue;
      if (c.applies == ClosingFor::WithoutReferral && referral) continue;
      fitting.push_back(&c);
    }
    std::string closing(fitting[std::size_t(rng_.below(int(fitting.size())))]->text);
    replace_all(closing, "{org}", org);
    return std::string(tpl.description) + "\n\n" + closing;
  }

  // The fields every course shares, hospital or municipal.
  Course make_course(const CourseTemplate& tpl, std::int64_t group, const Home& home, bool nynorsk,
                     bool municipal) {
    Course c;
    std::vector<std::string_view> titles;
    for (auto t : tpl.titles)
      if (!t.empty()) titles.push_back(t);
    const bool written_nn = nynorsk && tpl.languages.empty();
    std::string title(titles[std::size_t(rng_.below(int(titles.size())))]);
    c.title = unique_title(group, written_nn ? to_nynorsk(title) : title, home.place);
    const auto* texts = template_texts(tpl.titles[0]);
    c.text_language = written_nn ? "nn" : texts ? std::string(texts->text_language) : "nb";
    c.summary = std::string(tpl.summary);
    c.field = tpl.field;
    c.target_groups = target_groups(tpl.targets);
    c.languages = tpl.languages.empty() ? std::vector<std::string>{written_nn ? "nn" : "nb"}
                                        : split_languages(tpl.languages);
    c.interpreter_available = rng_.chance(0.1);
    const int format = rng_.weighted(std::array{75.0, 15.0, 10.0});
    c.format = format == 0   ? CourseFormat::OnSite
               : format == 1 ? CourseFormat::Digital
                             : CourseFormat::Hybrid;
    c.referral_required = !municipal && tpl.referral && rng_.chance(0.85);
    c.pathway = rng_.chance(0.75) ? tpl.pathway : static_cast<PathwayPlacement>(rng_.below(4));
    c.diagnosis_keys = tpl.diagnosis.empty() ? std::vector<std::string>{}
                                             : std::vector<std::string>{std::string(tpl.diagnosis)};
    c.programme = make_programme(tpl, written_nn);
    const double status = static_cast<double>(rng_.below(1000)) / 1000;
    c.status = status < kPublishedShare ? CourseStatus::Published
               : status < 0.99          ? CourseStatus::Draft
                                        : CourseStatus::Archived;
    if (written_nn) c.summary = to_nynorsk(c.summary);
    return c;
  }

  // What the course costs and what to bring, without a draw (so the rest of
  // the generated catalogue stays the same): courses without referral are
  // free; a referral course of an HF that charges has a patient fee and a
  // higher fee for a no-show without notice (domain.md, "Fees").
  static PracticalInfo practical_for(const Course& c, bool hf_charges) {
    PracticalInfo p;
    p.fee_nok = 0;
    if (hf_charges && c.referral_required) {
      p.fee_nok = 350;
      p.no_show_fee_nok = 700;
    }
    const std::string on_site = "Ta med matpakke og en liste over medisinene du bruker.";
    const std::string device = "PC, nettbrett eller mobil med kamera og lyd";
    switch (c.format) {
      case CourseFormat::OnSite:
        p.what_to_bring = on_site;
        break;
      case CourseFormat::Digital:
        p.what_to_bring = "Du trenger " + device + ", og et rolig sted å sitte.";
        break;
      case CourseFormat::Hybrid:
        p.what_to_bring = on_site + " Deltar du digitalt, trenger du " + device + ".";
        break;
    }
    if (!c.languages.empty() && c.languages.front() == "nn")
      p.what_to_bring = to_nynorsk(p.what_to_bring);
    return p;
  }

  void add_hospital_course(int h) {
    const auto& hf = health_trusts()[std::size_t(h)];
    const auto& t = trusts_[std::size_t(h)];
    const auto& tpl = course_templates()[std::size_t(
        t.templates[std::size_t(rng_.weighted(t.template_weights))])];
    const Home home = pick_home(std::size_t(h), tpl);
    Course c = make_course(tpl, t.hf_id, home, rng_.chance(hf.nynorsk_share), false);
    if (hf.urban && c.languages == std::vector<std::string>{"nb"} && rng_.chance(0.03))
      c.languages.push_back("en");
    c.owner_id = pick_owner(t, tpl);
    const auto& owner = out_.organisations[std::size_t(c.owner_id - 1)];
    const std::string org = owner.kind == OrganisationKind::Department
                                ? owner.name + ", " + std::string(hf.name)
                                : owner.name;
    c.description = make_description(tpl, c.referral_required, org);
    if (c.languages.front() == "nn") c.description = to_nynorsk(c.description);
    add_translations(c, tpl);
    c.contact_email = owner.email;
    c.contact_phone = owner.phone;
    // Every fourth HF charges a patient fee for its referral courses.
    c.practical = practical_for(c, h % 4 == 1);
    std::vector<Location> others{site_of(hf)};
    for (int m : t.municipalities) others.push_back(venue_of(municipalities()[std::size_t(m)]));
    add_course(std::move(c), home.location, others);
  }

  void add_municipal_course(const ServiceIndex& s) {
    const auto& m = municipalities()[std::size_t(s.municipality)];
    const auto& tpl = course_templates()[std::size_t(
        municipal_templates_[std::size_t(rng_.weighted(municipal_weights_))])];
    const Home home{venue_of(m), m.name};
    Course c = make_course(tpl, s.id, home, s.nynorsk && rng_.chance(0.6), true);
    if (m.sami && rng_.chance(0.3)) c.languages = {"se", "nb"};
    c.owner_id = s.id;
    const auto& owner = out_.organisations[std::size_t(s.id - 1)];
    c.description = make_description(tpl, false, owner.name);
    if (c.languages.front() == "nn") c.description = to_nynorsk(c.description);
    add_translations(c, tpl);
    c.contact_email = owner.email;
    c.contact_phone = owner.phone;
    c.practical = practical_for(c, false);
    add_course(std::move(c), home.location, {home.location});
  }

  void add_course(Course c, const Location& home, const std::vector<Location>& others) {
    c.id = static_cast<CourseId>(out_.courses.size()) + 1;
    add_runs(c, home, others);
    out_.courses.push_back(std::move(c));
  }

  // First session day: a weekday within the horizon (archived courses: past only,
  // draft courses: future only), away from the July holiday and Christmas when the
  // draws allow, as the centres pause then.
  Day first_day(int span_days, unsigned wd, CourseStatus status) {
    const int first_offset = status == CourseStatus::Draft ? 14 : -kHorizonDays;
    const int last_offset = status == CourseStatus::Archived ? -60 : kHorizonDays - span_days - 7;
    Day d{};
    for (int attempt = 0; attempt < 8; ++attempt) {
      d = today_ + days{rng_.between(first_offset, last_offset)};
      d += weekday{wd} - weekday{d};
      const year_month_day ymd{d};
      const unsigned mo = unsigned(ymd.month()), dy = unsigned(ymd.day());
      if (mo != 7 && !(mo == 12 && dy >= 18) && !(mo == 1 && dy <= 3)) break;
    }
    return d;
  }

  void add_runs(const Course& c, const Location& home, const std::vector<Location>& others) {
    static constexpr std::array kRunsPerCourse{10.0, 20.0, 25.0, 22.0, 13.0, 10.0};  // 1..6
    const int count = rng_.weighted(kRunsPerCourse) + 1;
    std::vector<Run> runs;
    for (int i = 0; i < count; ++i) runs.push_back(make_run(c, home, others));
    std::sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
      return a.sessions.front().starts_at < b.sessions.front().starts_at;
    });
    for (auto& run : runs) {
      run.id = static_cast<RunId>(out_.runs.size()) + 1;
      // Some referral runs take registrations from staff only (the referral
      // goes to the centre, which registers the patient); chosen without a
      // draw, so the rest of the catalogue stays as it was.
      run.staff_registration_only = c.referral_required && run.id % 5 == 0;
      for (auto& s : run.sessions) s.id = ++session_count_;
      out_.runs.push_back(std::move(run));
    }
  }

  Run make_run(const Course& c, const Location& home, const std::vector<Location>& others) {
    static constexpr std::array kCapacities{8, 9, 10, 11, 12, 13, 14, 15, 16};
    static constexpr std::array kCapacityWeights{5.0, 3.0, 25.0, 10.0, 35.0, 3.0, 8.0, 5.0, 6.0};
    static constexpr std::array kWeekdayWeights{25.0, 30.0, 25.0, 15.0, 5.0};  // Mon..Fri
    const auto& items = c.programme.items;
    const int n = int(items.size());
    int longest = 0;
    for (const auto& item : items) longest = std::max(longest, item.teaching_minutes);

    const bool consecutive = n <= 4 && rng_.chance(0.35);
    const int interval = consecutive ? 1 : rng_.chance(0.8) ? 7 : 14;
    // Consecutive days start early enough in the week to end by Thursday.
    const unsigned wd = consecutive ? unsigned(rng_.between(1, 5 - n))
                                    : unsigned(rng_.weighted(kWeekdayWeights) + 1);
    const Day first = first_day((n - 1) * interval, wd, c.status);
    const bool evening = longest <= 180 && rng_.chance(0.25);
    static constexpr std::array kDayHours{9, 10, 12};
    const int hour = evening ? rng_.between(17, 18)
                             : kDayHours[std::size_t(rng_.weighted(std::array{40.0, 40.0, 20.0}))];

    Run r;
    r.course_id = c.id;
    for (int i = 0; i < n; ++i) {
      const int minutes = items[std::size_t(i)].teaching_minutes;
      const int pause = minutes <= 120 ? 15 : 30;  // a break, and lunch on long days
      const Instant start = local_(first + days{i * interval}, hours{hour});
      r.sessions.push_back({0, start, start + minutes * 1min + pause * 1min});
    }
    r.capacity = kCapacities[std::size_t(rng_.weighted(kCapacityWeights))];
    r.min_participants = rng_.between(5, 6);
    r.registration_deadline = local_(first - days{rng_.between(7, 14)}, 23h + 59min);
    r.digital = c.format != CourseFormat::OnSite;
    if (c.format != CourseFormat::Digital)
      r.location = rng_.chance(0.85) ? home : others[std::size_t(rng_.below(int(others.size())))];
    r.language = c.languages.front();
    r.waiting_list_enabled = rng_.chance(0.9);
    r.state = RunState::Open;
    const bool far_ahead = first > today_ + days{60};
    if (c.status == CourseStatus::Draft || (far_ahead && rng_.chance(0.06)))
      r.state = RunState::Draft;
    else if (rng_.chance(0.04))
      r.state = RunState::Cancelled;
    return r;
  }

  int scale_;
  Rng rng_;
  Day today_;
  const LocalToInstant& local_;
  DemoCatalogue out_;
  std::vector<TrustIndex> trusts_;
  std::vector<ServiceIndex> services_;
  std::vector<int> municipal_templates_;
  std::vector<double> municipal_weights_;
  std::unordered_set<std::string> used_titles_;
  std::int64_t session_count_ = 0;
};

}  // namespace

DemoCatalogue generate_demo_catalogue(int scale, std::uint64_t seed, Day today,
                                      const LocalToInstant& local) {
  return Builder(std::max(scale, 1), seed, today, local).build();
}

}  // namespace kursbase::demo
