#pragma once
// Lay words for what the catalogue names with medical ones ("sukkersyke" for
// diabetes), so that a search in everyday words finds the courses. The list is
// maintained by hand in search_synonyms.cpp: one line per lay word or phrase,
// with what it should also find, written as people read it (folded for
// matching at start-up). Keep it to words people really type; a synonym adds
// matches, it never removes the ones the typed word finds.
#include <string>
#include <vector>

namespace kursbase {

struct Synonym {
  std::string phrase;                 // as written in the list: "høyt blodtrykk"
  std::vector<std::string> words;     // phrase folded and split: {"hoyt", "blodtrykk"}
  std::vector<std::string> meanings;  // as written: {"hypertensjon"}
  std::vector<std::vector<std::string>> meaning_terms;  // each meaning folded and split
};

// The maintained list, folded once.
const std::vector<Synonym>& lay_synonyms();

}  // namespace kursbase
