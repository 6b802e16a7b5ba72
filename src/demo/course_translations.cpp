#include "demo/course_translations.hpp"

namespace kursbase::demo {
namespace {

constexpr TemplateTexts kTemplateTexts[] = {
    {"Diabeteskurs på samisk",
     "nb",
     {{{"se", "Diabeteskursa sámegillii", "Kursa davvisámegillii dutnje geas lea diabetes tiipa 2.",
        "Kursa lea davvisámegillii, ja dárogillii go dárbbašuvvo. Don oahpat varrasohkara, "
        "borramuša, lihkadeami ja dálkasiid birra, sámi kultuvrra ja biebmoárbevieruid vuođul."},
       {"en", "Diabetes course in Sami",
        "A course in North Sami and Norwegian for adults with type 2 diabetes.",
        "The course is taught in North Sami, with Norwegian where needed, and builds on Sami "
        "culture and food traditions. You learn about blood glucose, food, activity and "
        "medication."}}}},
    {"Pårørendekurs demens på samisk",
     "nb",
     {{{"se", "Kursa oapmahaččaide: demens",
        "Kursa davvisámegillii sidjiide geain lea oapmahaš geas lea demens.",
        "Kursa lea davvisámegillii. Don oaččut dieđuid demensa, gulahallama ja "
        "veahkkefálaldagaid birra, ja mo sámegiella ja kultuvra leat mielde go deaivvadat "
        "dearvvašvuođabálvalusain."},
       {}}}},
    {"Living with type 2 diabetes – course in English",
     "en",
     {{{"nb", "Leve med diabetes type 2 – kurs på engelsk",
        "Et kurs på engelsk for voksne med diabetes type 2.",
        "Kurset handler om blodsukker, mat, fysisk aktivitet og medisiner, og om hvordan du "
        "bruker helsetjenesten i Norge. En brukerrepresentant deler sine erfaringer."},
       {}}}},
    {"Parenting a child with ADHD – course in English",
     "en",
     {{{"nb", "Foreldre til barn med ADHD – kurs på engelsk",
        "Et kurs på engelsk for foreldre til barn med ADHD.",
        "Foreldre lærer om ADHD, behandling og gode strategier i hverdagen hjemme og på skolen."},
       {}}}},
    {"Hjertesviktskolen – på norsk og engelsk",
     "nb",
     {{{"en", "Heart failure school – in Norwegian and English",
        "The heart failure school, taught in Norwegian and English.",
        "The same content as the heart failure school, with interpreting and material in "
        "English for participants who prefer it."},
       {}}}},
};

}  // namespace

const TemplateTexts* template_texts(std::string_view first_title) {
  for (const auto& t : kTemplateTexts)
    if (t.first_title == first_title) return &t;
  return nullptr;
}

}  // namespace kursbase::demo
