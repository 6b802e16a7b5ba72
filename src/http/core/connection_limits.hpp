#pragma once
// How many connections the server holds open: in all and per client address
// (issue 11: 1,100 connections from one client must not stop the server).
//
// The server never holds more connections than its file descriptors allow: the
// cap is the configured one or the descriptor limit less a reserve for the
// database, files and outbound mail, whichever is lower, so a flood of
// connections cannot exhaust descriptors. A connection over either cap is
// accepted and closed at once, so its client learns straight away instead of
// waiting in the kernel's queue.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kursbase::http {

struct ConnectionCaps {
  std::size_t max_connections = 1000;            // server.max_connections
  std::size_t max_connections_per_client = 100;  // server.max_connections_per_client
};

// Descriptors kept free for everything but client connections: the database
// pool, static files, SMTP and SMS connections, the log.
constexpr std::size_t kReservedDescriptors = 64;

// The cap on open connections under a descriptor limit of `descriptor_limit`.
std::size_t connection_cap(std::size_t configured, std::size_t descriptor_limit);

// Raises this process's soft limit on open files to the hard limit (where the
// system allows it) and returns the soft limit in force afterwards.
std::size_t raise_descriptor_limit();

// Open connections by client address. Thread-safe: the acceptor asks, the
// connections' threads report their ends.
class ClientConnections {
 public:
  ClientConnections(std::size_t max_total, std::size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  // Whether a new connection from `client` may stay open now.
  bool admits(const std::string& client) const;
  // A connection was opened (`id` is RESTinio's connection id), or it closed.
  // Closing an unknown id (or one twice) changes nothing.
  void opened(std::uint64_t id, const std::string& client);
  void closed(std::uint64_t id);

  std::size_t open() const;
  std::size_t open_from(const std::string& client) const;

 private:
  const std::size_t max_total_;
  const std::size_t max_per_client_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::string> clients_;  // by connection id
  std::unordered_map<std::string, std::size_t> per_client_;
};

}  // namespace kursbase::http
