#pragma once
// The HTTP server: RESTinio on a thread pool, serving until SIGINT or SIGTERM,
// then finishing the requests in flight (graceful shutdown). Handlers block on
// the database. Requests that change data (every method but GET and HEAD) run
// on a second, larger pool: they mostly wait for their commit (SQLite commits
// concurrent writes together, store/engine/write_group.hpp), and a write waiting
// there must not hold a thread that answers searches. Few threads for reads
// keep the search's p99 low; many for writes make the commit groups large.
#include <cstdint>
#include <string>
#include <vector>

#include "http/core/connection_limits.hpp"
#include "http/core/router.hpp"

namespace kursbase::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t threads = 2;         // reads (GET, HEAD)
  std::size_t write_threads = 64;  // writes (POST, …)
  // Load balancers whose X-Forwarded-For names the client (http/middleware/client_address.hpp).
  std::vector<std::string> trusted_proxies;
  // Open connections in all and per client address; the total is lowered to
  // what the file descriptor limit allows (http/core/connection_limits.hpp).
  ConnectionCaps caps;
  // Reached over HTTPS (config security.tls): HSTS on every answer, also those
  // made here before the router (414, 400, 413).
  bool tls = false;
};

// Blocks until SIGINT/SIGTERM; returns a process exit code. Prints
// "listening on http://ADDRESS:PORT" once the socket is bound (tests wait for it).
int serve(const Router& router, const ServerOptions& options);

}  // namespace kursbase::http
