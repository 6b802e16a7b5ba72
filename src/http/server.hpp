#pragma once
// The HTTP server: RESTinio on a thread pool (handlers block on the database,
// so they run on the pool's threads), serving until SIGINT or SIGTERM, then
// finishing the requests in flight (graceful shutdown).
#include <cstdint>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace kursbase::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t threads = 2;
  // Load balancers whose X-Forwarded-For names the client (http/client_address.hpp).
  std::vector<std::string> trusted_proxies;
};

// Blocks until SIGINT/SIGTERM; returns a process exit code. Prints
// "listening on http://ADDRESS:PORT" once the socket is bound (tests wait for it).
int serve(const Router& router, const ServerOptions& options);

}  // namespace kursbase::http
