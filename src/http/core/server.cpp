#include "http/core/server.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <restinio/all.hpp>

#include "http/core/accept_watchdog.hpp"
#include "http/core/connection_limits.hpp"
#include "http/core/http_version.hpp"
#include "http/core/pipeline_depth.hpp"
#include "http/core/reason_phrase.hpp"
#include "http/middleware/client_address.hpp"

namespace kursbase::http {
namespace {

// Holds connections to their caps (http/core/connection_limits.hpp): RESTinio
// asks it about every accepted connection (deny: closed at once) and tells it
// when one opens and closes. Trusted proxies carry many clients' connections:
// only the total cap applies to them.
class ConnectionGate {
 public:
  ConnectionGate(ConnectionCaps caps, std::vector<std::string> trusted_proxies,
                 PipelineDepth& depth)
      : caps_(caps),
        counts_(caps.max_connections, caps.max_connections_per_client),
        trusted_proxies_(std::move(trusted_proxies)),
        depth_(depth) {}

  restinio::ip_blocker::inspection_result_t inspect(
      const restinio::ip_blocker::incoming_info_t& info) noexcept {
    ++accepted_;
    const auto client = info.remote_endpoint().address().to_string();
    const bool admitted =
        proxy(client) ? counts_.open() < caps_.max_connections : counts_.admits(client);
    if (admitted) return restinio::ip_blocker::allow();
    if (refused_++ % 1000 == 0)  // the first and then every thousandth: a flood, not a log flood
      spdlog::warn("refused a connection over the cap ({} open; {} refused so far)", counts_.open(),
                   refused_.load());
    return restinio::ip_blocker::deny();
  }

  void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
    try {
      const auto cause = notice.cause();
      if (restinio::get_if<restinio::connection_state::accepted_t>(&cause))
        counts_.opened(notice.connection_id(), notice.remote_endpoint().address().to_string());
      else if (restinio::get_if<restinio::connection_state::closed_t>(&cause)) {
        counts_.closed(notice.connection_id());
        depth_.closed(notice.connection_id());
      }
    } catch (...) {  // out of memory for the map: the count is off by one, nothing worse
    }
  }

  std::uint64_t accepted() const { return accepted_; }

 private:
  bool proxy(const std::string& client) const {
    return std::find(trusted_proxies_.begin(), trusted_proxies_.end(), client) !=
           trusted_proxies_.end();
  }

  const ConnectionCaps caps_;
  ClientConnections counts_;
  const std::vector<std::string> trusted_proxies_;
  PipelineDepth& depth_;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> refused_{0};
};

struct Traits : public restinio::default_traits_t {
  // Handlers run on RESTinio's pool threads; one connection is served by one
  // thread at a time, so no extra locking is needed around a request.
  using ip_blocker_t = ConnectionGate;
  using connection_state_listener_t = ConnectionGate;
  using http_methods_mapper_t =
      VersionedHttpMethods;  // the request's HTTP version (http_version.hpp)
};

// The request line and body limits of a public server. A body over
// kMaxBodyBytes is read and answered 413 (JSON or a page, in Norwegian). RESTinio
// 0.6.16 cannot answer a body over its own limit: it closes the connection
// without a word. Its limit is therefore set higher, at kMaxReadBodyBytes, and
// only a body over that still gets a closed connection (docs/security.md). Twice
// ours: a body a little too large (the usual mistake) is answered. A connection
// holds at most max_pipelined_requests (16, below) requests of at most 2 MiB
// each, so the connection caps bound buffered bodies to 32 MiB per connection,
// 3.2 GiB per client and 32 GiB in all (16 MiB would allow 256 GiB).
constexpr std::size_t kMaxUrlBytes = 16 * 1024;
constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
constexpr std::size_t kMaxReadBodyBytes = 2 * kMaxBodyBytes;

// One year; only over TLS (RFC 6797 §7.2: ignored over plain HTTP anyway).
constexpr const char* kHsts = "max-age=31536000";

Request to_request(const restinio::request_handle_t& req, const ServerOptions& options, bool& ok) {
  Request r;
  r.method = req->header().method().c_str();
  r.target = std::string(req->header().request_target());
  ok = parse_target(r.target, r.path, r.query);
  r.accept = req->header().get_field_or(restinio::http_field::accept, "");
  r.accept_language = req->header().get_field_or(restinio::http_field::accept_language, "");
  r.body = req->body();
  for (const auto& field : req->header())
    r.headers.emplace_back(std::string(field.name()), std::string(field.value()));
  r.client_address =
      client_address(req->remote_endpoint().address().to_string(),
                     req->header().get_field_or("X-Forwarded-For", ""), options.trusted_proxies);
  return r;
}

// Sends `response`; over TLS with HSTS even when the router's finishers did not
// see it (the answers made here before the router).
// `written` is called once the answer is written, or its write failed.
restinio::request_handling_status_t respond(const restinio::request_handle_t& req,
                                            const Response& response, bool head, bool tls,
                                            restinio::write_status_cb_t written) {
  auto builder = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
      std::string(reason_phrase(response.status))});
  builder.append_header(restinio::http_field::content_type, response.content_type);
  for (const auto& [k, v] : security_headers(response)) builder.append_header(k, v);
  bool hsts = false;
  for (const auto& [k, v] : response.headers) {
    // RESTinio owns the Connection header; an answer may only ask for a close.
    if (k == "Connection") {
      if (v == "close") builder.connection_close();
      continue;
    }
    builder.append_header(k, v);
    hsts = hsts || k == "Strict-Transport-Security";
  }
  if (tls && !hsts) builder.append_header("Strict-Transport-Security", kHsts);
  if (!head) builder.set_body(response.body);
  return builder.done(std::move(written));
}

}  // namespace

int serve(const Router& router, const ServerOptions& options) {
  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  asio::thread_pool writes(std::max<std::size_t>(options.write_threads, 1));
  PipelineDepth depth;  // before the gate and the server, which use it
  auto handler = [&router, &options, &writes, &depth](const restinio::request_handle_t& req) {
    const bool tls = options.tls;
    const auto connection = req->connection_id();
    // Pipelined behind another request of its connection: answered from the
    // pool, never in this handler, the answers made before the router included
    // (pipeline_depth.hpp says why).
    const bool pipelined = depth.begin(connection) > 1;
    auto written = [&depth, connection](const asio::error_code&) { depth.end(connection); };
    // Read after an answer that closes the connection: not served, and never
    // answered, as RESTinio closes the connection once that answer is written.
    if (depth.closing(connection)) return restinio::request_accepted();
    // Sends what `answer` makes: in this handler, or built on the write pool when
    // `in_pool`; RESTinio sends it on the connection's own executor, whichever
    // thread builds it.
    const auto send = [&req, &writes, &written, tls](bool head, bool in_pool, auto answer) {
      if (!in_pool) return respond(req, answer(), head, tls, written);
      asio::post(writes, [req, head, tls, written, answer = std::move(answer)]() mutable {
        try {
          respond(req, answer(), head, tls, written);
        } catch (const std::exception& e) {
          spdlog::error("answering a request failed: {}", e.what());
        }
      });
      return restinio::request_accepted();
    };
    // Answered before the router: a page or JSON by the /api/ prefix alone, in Norwegian.
    const auto early = [&req, &router, &send,
                        pipelined](Response (Router::*make)(const Request&) const) {
      Request request;
      request.method = req->header().method().c_str();
      request.path = req->header().request_target().rfind("/api/", 0) == 0 ? "/api/" : "/";
      const bool head = request.method == "HEAD";
      return send(head, pipelined, [&router, make, request = std::move(request)] {
        return (router.*make)(request);
      });
    };
    if (!supported_http_version(req->header().http_major(), req->header().http_minor())) {
      depth.close_after_answer(connection);  // the answer says Connection: close
      return early(&Router::http_version_not_supported);
    }
    if (req->header().request_target().size() > kMaxUrlBytes) return early(&Router::uri_too_long);
    if (req->body().size() > kMaxBodyBytes) return early(&Router::content_too_large);
    bool ok = false;
    Request request = to_request(req, options, ok);
    const bool head = request.method == "HEAD";
    if (!ok) {
      // Keep the /api/ prefix (JSON errors) but nothing else of a path we cannot read.
      request.path = request.target.rfind("/api/", 0) == 0 ? "/api/" : "/";
      request.query.clear();
      return send(head, pipelined,
                  [&router, request = std::move(request)] { return router.malformed(request); });
    }
    // A write is answered from the pool even alone on its connection.
    const bool in_pool = (request.method != "GET" && !head) || pipelined;
    return send(head, in_pool, [&router, request = std::move(request)]() mutable {
      return router.handle(std::move(request));
    });
  };

  // As many descriptors as the system lets us have, and never more
  // connections than they allow (http/core/connection_limits.hpp).
  const std::size_t descriptors = raise_descriptor_limit();
  const ConnectionCaps caps{connection_cap(options.caps.max_connections, descriptors),
                            std::max<std::size_t>(1, options.caps.max_connections_per_client)};
  spdlog::info("at most {} connections, {} per client address (file descriptor limit {})",
               caps.max_connections, caps.max_connections_per_client, descriptors);
  auto gate = std::make_shared<ConnectionGate>(caps, options.trusted_proxies, depth);
  std::atomic<int> listening{-1};

  restinio::server_settings_t<Traits> settings;
  settings.ip_blocker(gate)
      .connection_state_listener(gate)
      .acceptor_post_bind_hook(
          [&listening](asio::ip::tcp::acceptor& acceptor) { listening = acceptor.native_handle(); })
      .address(options.address)
      .port(options.port)
      // RESTinio 0.6.16 stops reading at this many unanswered requests on a
      // connection and resumes after a write (impl/connection.hpp,
      // on_request_message_complete and init_write), so this bounds what one
      // connection holds: 16 requests of at most kMaxReadBodyBytes (2 MiB) of
      // body and kMaxUrlBytes + 1 KiB of target each, about 32 MiB (see
      // kMaxReadBodyBytes for the totals). Pipelines of any length are
      // answered in full and in order, the answers made before the router
      // included, as pipelined requests are answered from the pool
      // (pipeline_depth.hpp; keep this at 2 or more: a request counts as
      // pipelined only behind another in flight). A 505 closes the connection
      // after the answers before it; the requests read after it are not
      // served (HttpConformance.LongPipelines…, A505Ends…).
      .max_pipelined_requests(16)
      .read_next_http_message_timelimit(std::chrono::seconds(30))
      .handle_request_timeout(std::chrono::seconds(30))
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(kMaxUrlBytes + 1024)
                                    .max_body_size(kMaxReadBodyBytes))
      .request_handler(std::move(handler));
  try {
    using Server = restinio::http_server_t<Traits>;
    Server server{restinio::own_io_context(), std::move(settings)};
    // Writes answer through the server's io_context: on every way out of here
    // they finish (queued ones too) before the server goes.
    struct JoinWrites {
      asio::thread_pool& pool;
      ~JoinWrites() { pool.join(); }
    } join_writes{writes};
    restinio::on_pool_runner_t<Server> runner{options.threads, server};
    std::atomic<bool> failed{false};
    // Stopped (declared after the runner, so destroyed before it) before the server goes.
    std::unique_ptr<AcceptWatchdog> watchdog;
    runner.start(
        [&options]() noexcept {
          // Printed once the socket is bound: scripts may wait for this line.
          std::printf("listening on http://%s:%u\n", options.address.c_str(),
                      unsigned(options.port));
          std::fflush(stdout);
        },
        [&failed](std::exception_ptr ex) noexcept {
          try {
            if (ex) std::rethrow_exception(ex);
          } catch (const std::exception& e) {
            spdlog::error("cannot serve: {}", e.what());
          } catch (...) {
          }
          failed = true;
          ::kill(::getpid(), SIGTERM);  // wake the main thread's sigwait
        });
    watchdog = std::make_unique<AcceptWatchdog>(AcceptWatchdogParts{
        [&listening] { return listening.load(); }, [&gate] { return gate->accepted(); },
        [&listening, &server] {
          listening = -1;  // not polled while closed: the number may be reused
          server.close_async(
              [] {}, [](std::exception_ptr) { spdlog::error("closing the listener failed"); });
          server.open_async([] { spdlog::info("the listening socket is open again"); },
                            [](std::exception_ptr) {
                              spdlog::error("reopening the listening socket failed; retrying");
                            });
        }});
    int signal = 0;
    sigwait(&stop_signals, &signal);
    watchdog.reset();
    if (failed) {
      runner.wait();
      return 1;
    }
    spdlog::info("stopping on signal {}", signal);
    runner.stop();
    runner.wait();
  } catch (const std::exception& e) {
    spdlog::error("server failed: {}", e.what());
    return 1;
  }
  return 0;
}

}  // namespace kursbase::http
