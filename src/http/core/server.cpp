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

#include "http/middleware/client_address.hpp"

namespace kursbase::http {
namespace {

struct Traits : public restinio::default_traits_t {
  // Handlers run on RESTinio's pool threads; one connection is served by one
  // thread at a time, so no extra locking is needed around a request.
};

// The request line and body limits of a public server.
constexpr std::size_t kMaxUrlBytes = 16 * 1024;
constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

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

restinio::request_handling_status_t respond(const restinio::request_handle_t& req,
                                            const Response& response, bool head) {
  auto builder = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
      std::string(restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)} ==
                          restinio::status_code::ok
                      ? "OK"
                      : "")});
  builder.append_header(restinio::http_field::content_type, response.content_type);
  for (const auto& [k, v] : security_headers(response)) builder.append_header(k, v);
  for (const auto& [k, v] : response.headers) builder.append_header(k, v);
  if (!head) builder.set_body(response.body);
  return builder.done();
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
  auto handler = [&router, &options, &writes](const restinio::request_handle_t& req) {
    if (req->header().request_target().size() > kMaxUrlBytes) {
      // Too long to read: a page or JSON by the /api/ prefix alone, in Norwegian.
      Request request;
      request.method = req->header().method().c_str();
      request.path = req->header().request_target().rfind("/api/", 0) == 0 ? "/api/" : "/";
      return respond(req, router.uri_too_long(request), request.method == "HEAD");
    }
    bool ok = false;
    Request request = to_request(req, options, ok);
    const bool head = request.method == "HEAD";
    if (!ok) {
      // Keep the /api/ prefix (JSON errors) but nothing else of a path we cannot read.
      request.path = request.target.rfind("/api/", 0) == 0 ? "/api/" : "/";
      request.query.clear();
      return respond(req, router.malformed(request), head);
    }
    if (request.method != "GET" && !head) {
      // Answered from the write pool; RESTinio sends it on the connection's
      // own executor, whichever thread builds it.
      asio::post(writes, [&router, req, request = std::move(request)]() mutable {
        try {
          respond(req, router.handle(std::move(request)), false);
        } catch (const std::exception& e) {
          spdlog::error("answering a write failed: {}", e.what());
        }
      });
      return restinio::request_accepted();
    }
    return respond(req, router.handle(std::move(request)), head);
  };

  restinio::server_settings_t<Traits> settings;
  settings.address(options.address)
      .port(options.port)
      .max_pipelined_requests(4)
      .read_next_http_message_timelimit(std::chrono::seconds(30))
      .handle_request_timeout(std::chrono::seconds(30))
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(kMaxUrlBytes + 1024)
                                    .max_body_size(kMaxBodyBytes))
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
    int signal = 0;
    sigwait(&stop_signals, &signal);
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
