#include "store/sql/text_index.hpp"

namespace kursbase::store {

std::unique_ptr<TextIndex> make_sqlite_text_index();
std::unique_ptr<TextIndex> make_postgres_text_index();

std::unique_ptr<TextIndex> make_text_index(Engine engine) {
  return engine == Engine::Sqlite ? make_sqlite_text_index() : make_postgres_text_index();
}

}  // namespace kursbase::store
