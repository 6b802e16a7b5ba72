#pragma once
// Brings the acceptor back after it stopped accepting.
//
// RESTinio 0.6 gives up its accept loop on the first failed accept(): its
// completion handler (restinio/impl/acceptor.hpp, `if( !ec )`) neither logs
// nor accepts again, so after one EMFILE or ENFILE the process lives on and
// never answers a new connection (issue 11). The connection caps keep client
// connections from using up the descriptors; this covers every other way of
// running out (the database, files, the system-wide table).
//
// Every `interval` the watchdog looks at the listening socket: when a
// connection has been waiting there (poll() says readable) through
// `stuck_checks` checks in a row while the acceptor took none, it logs and
// reopens the listening socket (the server's close and open: connections
// already open are not touched; those still queued are reset and their
// clients try again). After a reopen it pauses before looking again; the
// pause doubles with each reopen that brings no accepted connection, up to
// `max_backoff`.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace kursbase::http {

struct AcceptWatchdogParts {
  std::function<int()> listening_socket;    // the descriptor, -1 while closed
  std::function<std::uint64_t()> accepted;  // connections the acceptor took, ever
  std::function<void()> reopen;             // close and open the listening socket
};

struct AcceptWatchdogTiming {
  std::chrono::milliseconds interval{250};
  int stuck_checks = 4;  // a second with a waiting connection and no accept
  std::chrono::milliseconds max_backoff{4000};
};

class AcceptWatchdog {
 public:
  AcceptWatchdog(AcceptWatchdogParts parts, AcceptWatchdogTiming timing = {});
  ~AcceptWatchdog();  // stops and joins
  AcceptWatchdog(const AcceptWatchdog&) = delete;
  AcceptWatchdog& operator=(const AcceptWatchdog&) = delete;

  // Reopens so far (for logs and tests).
  std::uint64_t reopens() const { return reopens_; }

 private:
  void run();

  AcceptWatchdogParts parts_;
  AcceptWatchdogTiming timing_;
  std::atomic<std::uint64_t> reopens_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kursbase::http
