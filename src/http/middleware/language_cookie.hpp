#pragma once
// What an answer says about its language (issue 13): `Content-Language` on
// pages; `Vary: Accept-Language, Cookie` when no `?lang=` chose it (the same
// URL answers in another language for someone else); and the cookie that
// remembers a language the URL named, so the language switch's links (plain
// `?lang=` links, no script) are remembered on the pages that follow.
#include "http/core/router.hpp"

namespace kursbase::http {

void install_language_cookie(Router& router, bool secure);

}  // namespace kursbase::http
