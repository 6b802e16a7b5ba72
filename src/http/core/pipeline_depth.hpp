#pragma once
// How many requests each connection has in flight (read, answer not yet
// written), so that the server answers a pipelined request off the
// connection's thread; and which connections an answer closes, so that the
// requests read after it are not served.
//
// Why: RESTinio 0.6.16 stops reading a connection at max_pipelined_requests
// unanswered requests and resumes after a write. When a request read on that
// resumption is answered at once, inside its handler, the resumption happens
// twice, and the next request finds the table of pending answers full: the
// connection is closed with answers owed ("unable to insert context because
// response_context_table is full", reproduced with a bare RESTinio server
// answering in its handler; answered from another thread, every pipeline of
// 20, 100 and 1,000 was answered in order). Answering requests that arrive
// while another is in flight from a thread pool avoids the second resumption;
// a request alone on its connection, the common case, is still answered in
// its handler. The answers made before the router (400, 413, 414, 505) go the
// same way: answered in the handler, a pipeline of them was cut off too.
//
// An answer with Connection: close (505) ends its connection once it and those
// before it are written (RESTinio writes in request order); RESTinio reads on
// until then, and RFC 9112 §9.6 says a server must not process the requests
// that come after: the handler answers none of them.
//
// Thread safety: every method may be called from any thread.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace kursbase::http {

class PipelineDepth {
 public:
  // One more request read on `connection`: how many it has in flight now, this one included.
  std::size_t begin(std::uint64_t connection);
  // An answer on `connection` was written, or its write failed.
  void end(std::uint64_t connection);
  // An answer that closes `connection` was decided (before later requests are read).
  void close_after_answer(std::uint64_t connection);
  // Whether an answer on `connection` already closes it: a request read now is not served.
  bool closing(std::uint64_t connection) const;
  // The connection closed; an end() that comes after is ignored, and it is no longer closing.
  void closed(std::uint64_t connection);
  // Connections anything is kept for: a request in flight or a close to come (for tests).
  std::size_t connections() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::size_t> in_flight_;
  std::unordered_set<std::uint64_t> closing_;  // apart: the count may reach 0 first
};

}  // namespace kursbase::http
