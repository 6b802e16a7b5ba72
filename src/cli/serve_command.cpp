#include "cli/serve_command.hpp"

#include <filesystem>

#include "cli/wiring.hpp"

namespace kursbase::cli {

ServeCommand::ServeCommand(CLI::App& app, std::string& database) {
  command_ = app.add_subcommand("serve", "serve the catalogue over HTTP");
  command_->add_option("--database", database, "SQLite path or postgresql:// URL");
  command_->add_option("--listen", listen_, "ADDRESS:PORT (default 127.0.0.1:8080)");
  command_->add_option("--threads", threads_, "threads for requests that read (GET, HEAD)");
  command_->add_option("--write-threads", write_threads_,
                       "threads for requests that write (POST, …)");
  command_->add_option("--static-dir", static_dir_, "folder of static assets");
}

bool ServeCommand::parsed() const { return command_->parsed(); }

Status ServeCommand::apply(config::Settings& settings) const {
  if (threads_) settings.threads = threads_;
  if (write_threads_) settings.write_threads = write_threads_;
  if (!static_dir_.empty()) settings.static_dir = static_dir_;
  if (!listen_.empty()) return config::parse_listen(listen_, settings);
  return ok_status();
}

int ServeCommand::run(config::Settings settings) const {
  if (settings.static_dir.empty())
    settings.static_dir =
        (std::filesystem::canonical("/proc/self/exe").parent_path() / "static").string();
  auto server = Server::build(settings);
  if (!server) return fail(server.error());
  return (*server)->run();
}

}  // namespace kursbase::cli
