#pragma once
// The user-facing texts of one language, from web/i18n/{nb,nn,en,se}.json
// (flat "key": "text" objects). A key missing in a language falls back to
// bokmål, so a partial translation still shows a whole page.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kursbase::web {

class Messages {
 public:
  // The catalogue for `language`; bokmål when the language is unknown.
  static const Messages& get(std::string_view language);
  // The text for `key`; the key itself when no language has it (visible in
  // tests, never a crash).
  const std::string& text(std::string_view key) const;
  bool has(std::string_view key) const;
  // A counted text: `key.one`, `key.two` or `key.other` by the language's
  // plural rule (web/plural.hpp), else `key.other`, with {n} filled in.
  std::string count_text(std::string_view key, long long n) const;
  const std::string& language() const { return language_; }
  // The texts this language defines itself (without the bokmål fallback):
  // for the catalogue tests that compare languages.
  const std::unordered_map<std::string, std::string>& own_texts() const { return texts_; }

 private:
  std::string language_;
  std::unordered_map<std::string, std::string> texts_;
  const Messages* fallback_ = nullptr;
  friend struct MessagesLoader;
};

// Languages with a catalogue; the first is the default.
const std::vector<std::string>& supported_languages();

}  // namespace kursbase::web
