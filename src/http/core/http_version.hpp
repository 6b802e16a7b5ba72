#pragma once
// The request line's HTTP version (issue 11, item 9): HTTP/1.0 and 1.1 are
// served, any other version gets 505 HTTP Version Not Supported.
//
// RESTinio 0.6.16 never copies the version http_parser read into the request
// header (http_request_header_t::http_major()/http_minor() stay 1.1 whatever
// the client sent: restinio/impl/parser_callbacks.ipp, restinio_headers_complete_cb).
// So the server's Traits name VersionedHttpMethods as their methods mapper,
// and for that mapper (and it alone) create_parser_settings() is specialised
// below to copy the version into the header when the headers are complete,
// then run RESTinio's own callback. Everything else is RESTinio's.
#include <restinio/all.hpp>

namespace kursbase::http {

// HTTP/1.0 or HTTP/1.1.
constexpr bool supported_http_version(unsigned major, unsigned minor) {
  return major == 1 && (minor == 0 || minor == 1);
}

// RESTinio's methods, as a type of our own for the specialisation below.
class VersionedHttpMethods : public restinio::default_http_methods_t {};

}  // namespace kursbase::http

namespace restinio::impl {

template <>
inline http_parser_settings
create_parser_settings<kursbase::http::VersionedHttpMethods>() noexcept {
  http_parser_settings settings = create_parser_settings<default_http_methods_t>();
  settings.on_headers_complete = [](http_parser* parser) -> int {
    auto* ctx = reinterpret_cast<http_parser_ctx_t*>(parser->data);
    ctx->m_header.http_major(parser->http_major);
    ctx->m_header.http_minor(parser->http_minor);
    return restinio_headers_complete_cb(parser);
  };
  return settings;
}

}  // namespace restinio::impl
