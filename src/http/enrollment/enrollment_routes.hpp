#pragma once
// Sign-up for the public: the sign-up form of a run, the private enrollment
// page at /pamelding (view, calendar, accept an offer, cancel; the link's token
// in a cookie, private_link_cookie.hpp) and the JSON API
// (/api/v1/runs/{id}/enrollments, /api/v1/enrollments/{token}...). Errors go
// through Responder and the one mapping (http/core/errors.hpp): a body that
// cannot be read is 400, field errors 422 (the form shown again), a run that
// takes no sign-ups 409 with the form and the refusal.
#include <functional>
#include <optional>

#include "app/enrollment/enrollment_service.hpp"
#include "http/core/responder.hpp"
#include "http/core/route_table.hpp"
#include "http/middleware/staff_session.hpp"
#include "http/public_pages/privacy_facts.hpp"

namespace kursbase::http {

// `cookies`: whether the private-link cookie is Secure (private_link_cookie.hpp);
// `privacy`: the retention the form's consent box states (as /personvern does).
void add_enrollment_routes(RouteTable& routes, const Responder& responder,
                           app::EnrollmentService& service, const SessionCookieOptions& cookies,
                           const PrivacyFacts& privacy);

// For CsrfOptions::form_again: a POST of a run's sign-up form whose token had
// expired gets the form back (403) with what was typed, except the national
// ID number, and a plain explanation; any other request, nothing.
std::function<std::optional<Response>(const Request&)> sign_up_form_again(
    const Responder& responder, app::EnrollmentService& service, const PrivacyFacts& privacy);

}  // namespace kursbase::http
