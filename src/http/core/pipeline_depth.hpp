#pragma once
// How many requests each connection has in flight (read, answer not yet
// written), so that the server answers a pipelined request off the
// connection's thread.
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
// its handler.
//
// Thread safety: every method may be called from any thread.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace kursbase::http {

class PipelineDepth {
 public:
  // One more request read on `connection`: how many it has in flight now, this one included.
  std::size_t begin(std::uint64_t connection);
  // An answer on `connection` was written, or its write failed.
  void end(std::uint64_t connection);
  // The connection closed; an end() that comes after is ignored.
  void closed(std::uint64_t connection);
  // Connections with a request in flight (for tests).
  std::size_t connections() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::size_t> in_flight_;
};

}  // namespace kursbase::http
