#pragma once
// Stable text keys for domain enums: the same key is stored in the database,
// used in URLs and JSON, and names the UI text ("field.somatic" in web/i18n).
// Each enum declares `constexpr std::array kKeys` of {value, key} next to it.
#include <optional>
#include <string_view>
#include <utility>

namespace kursbase {

template <class E>
struct EnumKeys;  // specialised beside each enum: static constexpr auto kAll = std::array{...}

template <class E>
constexpr std::string_view key_of(E value) {
  for (const auto& [v, k] : EnumKeys<E>::kAll)
    if (v == value) return k;
  return {};
}

template <class E>
constexpr std::optional<E> parse_key(std::string_view key) {
  for (const auto& [v, k] : EnumKeys<E>::kAll)
    if (k == key) return v;
  return std::nullopt;
}

}  // namespace kursbase
