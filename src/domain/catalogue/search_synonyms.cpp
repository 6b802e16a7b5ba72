#include "domain/catalogue/search_synonyms.hpp"

#include <initializer_list>

#include "domain/catalogue/search_text.hpp"

namespace kursbase {
namespace {

struct Entry {
  const char* phrase;
  std::initializer_list<const char*> meanings;
};

// Lay word or phrase → what it should also find. Meanings are word starts as
// the index matches them ("hjerte" finds hjertesvikt and hjerteinfarkt).
// Bokmål and nynorsk forms both, where they differ.
constexpr std::initializer_list<Entry> kEntries = {
    {"sukkersyke", {"diabetes"}},
    {"sukkersjuke", {"diabetes"}},
    {"høyt blodsukker", {"diabetes"}},
    {"lungesykdom", {"KOLS", "astma", "lunge"}},
    {"lungesjukdom", {"KOLS", "astma", "lunge"}},
    {"emfysem", {"KOLS"}},
    {"kronisk bronkitt", {"KOLS"}},
    {"hjerteinfarkt", {"hjerte"}},
    {"infarkt", {"hjerte"}},
    {"hjertesykdom", {"hjerte"}},
    {"hjertesjukdom", {"hjerte"}},
    {"angina", {"hjerte"}},
    {"slag", {"hjerneslag"}},
    {"drypp", {"hjerneslag"}},
    {"hjernerystelse", {"hjerneskade"}},
    {"kreftsykdom", {"kreft"}},
    {"kreftsjukdom", {"kreft"}},
    {"fedme", {"overvekt"}},
    {"leddgikt", {"revmatoid artritt", "revmatisme"}},
    {"gikt", {"revmatisme", "artrose"}},
    {"slitasjegikt", {"artrose"}},
    {"crohn", {"inflammatorisk tarmsykdom"}},
    {"ulcerøs kolitt", {"inflammatorisk tarmsykdom"}},
    {"glutenallergi", {"cøliaki"}},
    {"glutenintoleranse", {"cøliaki"}},
    {"vondt", {"smerte"}},
    {"smertar", {"smerte"}},
    {"nedstemthet", {"depresjon"}},
    {"anoreksi", {"spiseforstyrrelser"}},
    {"bulimi", {"spiseforstyrrelser"}},
    {"alkohol", {"rus"}},
    {"rusproblemer", {"rus"}},
    {"alzheimer", {"demens"}},
    {"søvnproblemer", {"søvnvansker"}},
    {"insomni", {"søvnvansker"}},
    {"asperger", {"autisme"}},
    {"utviklingshemming", {"utviklingshemning"}},
    {"krampeanfall", {"epilepsi"}},
    {"long covid", {"senfølger etter covid"}},
    {"langtidscovid", {"senfølger etter covid"}},
    {"cp", {"cerebral parese"}},
};

std::vector<std::string> words_of(const char* text) { return search_terms(text); }

}  // namespace

const std::vector<Synonym>& lay_synonyms() {
  static const std::vector<Synonym> list = [] {
    std::vector<Synonym> out;
    for (const auto& e : kEntries) {
      Synonym s{e.phrase, words_of(e.phrase), {}, {}};
      for (const char* m : e.meanings) {
        s.meanings.emplace_back(m);
        s.meaning_terms.push_back(words_of(m));
      }
      out.push_back(std::move(s));
    }
    return out;
  }();
  return list;
}

}  // namespace kursbase
