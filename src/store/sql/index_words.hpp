#pragma once
// The words both full-text engines see, so that they match the same courses.
//
// Folded text (domain/catalogue/search_text.hpp) keeps characters it cannot fold, and
// the engines' tokenizers disagree on some of them: FTS5's unicode61 counts
// every Unicode number as a word character ("½", "²"), PostgreSQL's parser only
// letters and ASCII digits (and in a database with the C locale every
// non-ASCII character); a query term with no word in it ("😀") makes an FTS5
// AND fail while PostgreSQL drops it. So both TextIndex implementations pass
// text and terms through here first: ASCII letters and digits and non-ASCII
// letters are kept, combining accents (decomposed "é") are dropped like the
// precomposed ones, everything else separates words.
// src/store/sql/text_index_parity_test.cpp checks that the engines then agree.
#include <string>
#include <string_view>
#include <vector>

namespace kursbase::store {

// Folded text reduced to words separated by single spaces.
std::string index_words(std::string_view folded);

// Folded query terms reduced the same way; a term may split into several or
// vanish. The result has no empty or repeated terms, and may be empty: then
// nothing matches.
std::vector<std::string> index_terms(const std::vector<std::string>& terms);

}  // namespace kursbase::store
