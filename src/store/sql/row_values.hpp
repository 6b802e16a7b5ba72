#pragma once
// Internal to the store: column text back into values when reading rows. A
// key the code does not know (or an unreadable time) gives the fallback
// rather than failing the read: the database only holds what we wrote.
#include <string>

#include "domain/core/enum_keys.hpp"
#include "domain/core/time.hpp"

namespace kursbase::store {

template <class E>
E key_or(const std::string& key, E fallback) {
  auto v = parse_key<E>(key);
  return v ? *v : fallback;
}

inline Instant instant_or_epoch(const std::string& s) {
  return parse_instant(s).value_or(Instant{});
}

}  // namespace kursbase::store
