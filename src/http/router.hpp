#pragma once
// Routes a Request to its handler and returns a Response; independent of the
// server library. Handlers are thin: decode, call one use case, encode.
#include <filesystem>
#include <string>

#include "app/catalogue_service.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/messages.hpp"
#include "web/templates.hpp"

namespace kursbase::http {

class Router {
 public:
  Router(app::CatalogueService& catalogue, const web::Templates& templates,
         std::filesystem::path static_dir);

  // Never throws: an unexpected exception becomes a logged 500 page.
  Response handle(const Request& request) const;

 private:
  Response route(const Request& request) const;
  Response search_html(const Request& request) const;
  Response search_api(const Request& request) const;
  Response course_html(const Request& request, std::int64_t id) const;
  Response course_api(const Request& request, std::int64_t id) const;
  Response run_html(const Request& request, std::int64_t id) const;
  Response run_api(const Request& request, std::int64_t id) const;
  Response static_file(const std::string& name) const;
  Response error_html(const Request& request, const Error& error) const;
  Response error_api(const Request& request, const Error& error) const;
  Response page(const Request& request, int status, const std::string& name,
                nlohmann::json data) const;
  const web::Messages& messages(const Request& request) const;

  app::CatalogueService& catalogue_;
  const web::Templates& templates_;
  std::filesystem::path static_dir_;
};

}  // namespace kursbase::http
