#include "cli/backup_command.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "store/engine/database.hpp"

namespace kursbase::cli {
namespace {

// Closes a handle on every path out.
struct Handle {
  sqlite3* db = nullptr;
  ~Handle() {
    if (db) sqlite3_close(db);
  }
};

int fail(const std::string& message) {
  std::fprintf(stderr, "kursbase backup: %s\n", message.c_str());
  return 1;
}

}  // namespace

BackupCommand::BackupCommand(CLI::App& app, std::string& database) {
  command_ = app.add_subcommand("backup", "copy a live SQLite database (online backup API)");
  command_->add_option("--database", database, "SQLite path (PostgreSQL: use pg_dump)");
  command_->add_option("--to", to_, "file to write the copy to")->required();
}

bool BackupCommand::parsed() const { return command_->parsed(); }

int BackupCommand::run(const std::string& database) const {
  auto url = store::parse_database_url(database);
  if (!url) return fail(url.error().detail);
  if (url->engine == store::Engine::Postgres) {
    std::fprintf(stderr,
                 "kursbase backup: this is a PostgreSQL database; back it up with pg_dump "
                 "(logical) or pg_basebackup with WAL archiving (docs/operations.md)\n");
    return 2;
  }
  const std::filesystem::path source = url->target;
  const std::filesystem::path target = to_;
  if (!std::filesystem::exists(source)) return fail("no database at " + source.string());
  std::error_code ec;
  if (std::filesystem::equivalent(source, target, ec)) return fail("--to is the database itself");
  const auto started = std::chrono::steady_clock::now();

  Handle src, dst;
  // Read-write without create: a WAL reader may need to write the -shm index.
  if (sqlite3_open_v2(source.c_str(), &src.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    return fail("cannot open " + source.string() + ": " + sqlite3_errmsg(src.db));
  sqlite3_busy_timeout(src.db, 10000);

  const auto partial = std::filesystem::path(target.string() + ".partial");
  for (auto suffix : {"", "-journal", "-wal", "-shm"})
    std::filesystem::remove(partial.string() + suffix, ec);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  if (sqlite3_open(partial.c_str(), &dst.db) != SQLITE_OK)
    return fail("cannot create " + partial.string() + ": " + sqlite3_errmsg(dst.db));

  sqlite3_backup* backup = sqlite3_backup_init(dst.db, "main", src.db, "main");
  if (!backup) return fail(std::string("cannot start: ") + sqlite3_errmsg(dst.db));
  // All pages in one step: one read transaction, so one consistent snapshot;
  // in WAL mode it does not block the servers' writes. Step-wise copying would
  // restart whenever a server commits.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 100; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const int pages = sqlite3_backup_pagecount(backup);
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    std::filesystem::remove(partial, ec);
    return fail(std::string("copy failed: ") + sqlite3_errstr(rc == SQLITE_DONE ? finished : rc));
  }

  // Check the copy before it takes the backup's name.
  std::string check;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(dst.db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW)
      check += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  // Leave a self-contained file: fold any WAL content into it.
  sqlite3_exec(dst.db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close(dst.db);
  dst.db = nullptr;
  if (check != "ok") {
    std::filesystem::remove(partial, ec);
    return fail("the copy failed its integrity check: " + check);
  }
  for (auto suffix : {"-wal", "-shm"}) std::filesystem::remove(partial.string() + suffix, ec);
  std::filesystem::rename(partial, target, ec);
  if (ec) return fail("cannot rename to " + target.string() + ": " + ec.message());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  std::printf("backed up %s to %s: %d pages, integrity ok, %lld ms\n", source.c_str(),
              target.c_str(), pages, static_cast<long long>(ms));
  return 0;
}

}  // namespace kursbase::cli
