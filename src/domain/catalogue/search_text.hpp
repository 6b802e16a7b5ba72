#pragma once
// Folding of text for search, done the same way for what is indexed and what is
// searched, and the same on every database engine (so SQLite FTS5 and
// PostgreSQL give the same matches): lower case, accents removed, and the
// Norwegian letters spelt as on a keyboard without them (æ→ae, ø→o, å→a), as
// people type them. "Pårørende" and "parorende" both fold to "parorende".
#include <string>
#include <string_view>
#include <vector>

namespace kursbase {

// Folds UTF-8 text; anything that is not a letter or digit becomes a space.
// Invalid UTF-8 bytes are dropped.
std::string fold_search_text(std::string_view text);

// Splits a user's query into folded terms (at most `max_terms`, each at most
// 64 bytes); punctuation and query syntax are not special to us.
std::vector<std::string> search_terms(std::string_view query, std::size_t max_terms = 12);

// A key that sorts text in Norwegian alphabetical order when compared byte by
// byte: folded as above, except that æ, ø and å come after z, in that order
// ("Ålesund" after "Voss"), as in a Norwegian list.
std::string alphabetical_key(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool is_valid_utf8(std::string_view text);

}  // namespace kursbase
