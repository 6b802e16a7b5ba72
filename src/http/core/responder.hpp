#pragma once
// Rendering shared by every handler: pages inside the layout, error pages and
// JSON errors, all in the request's language. A handler cannot name an error
// status here: a page is 200, or it is shown because of an Error and gets that
// error's status from http/core/errors.hpp.
#include <nlohmann/json.hpp>

#include "app/core/time_zone.hpp"
#include "domain/core/result.hpp"
#include "http/core/request.hpp"
#include "http/core/response.hpp"
#include "web/messages.hpp"
#include "web/templates.hpp"

namespace kursbase::http {

class Responder {
 public:
  // `zone`: the wall clock that pages and JSON show times on (Europe/Oslo).
  // `public_url`: where the site is reached ("https://kurs.example.no"), for
  // the absolute hreflang alternates; empty writes them relative.
  Responder(const web::Templates& templates, const app::TimeZone& zone, std::string public_url = {})
      : templates_(templates), zone_(zone), public_url_(std::move(public_url)) {}

  const web::Messages& messages(const Request& request) const;
  const app::TimeZone& zone() const { return zone_; }
  // Page `name` (web/templates/NAME.mustache) in the layout, 200.
  Response page(const Request& request, const std::string& name, nlohmann::json data) const;
  // The same page answering `error` (a form shown again with its problems):
  // status_for(error.code). Logs Unavailable and Internal like error_html.
  Response page(const Request& request, const Error& error, const std::string& name,
                nlohmann::json data) const;
  Response error_html(const Request& request, const Error& error) const;
  // `beside`: members sent next to "error" (a conflict's "current" version).
  Response error_api(const Request& request, const Error& error,
                     nlohmann::json beside = nullptr) const;
  // HTML or JSON by the path (/api/ is JSON).
  Response error(const Request& request, const Error& error) const;

 private:
  Response render(const Request& request, int status, const std::string& name,
                  nlohmann::json data) const;

  const web::Templates& templates_;
  const app::TimeZone& zone_;
  std::string public_url_;
};

}  // namespace kursbase::http
