#include "malformed_request_cases.hpp"

#include <iterator>
#include <map>

#include "http_client.hpp"

namespace kursbase::testing {
namespace {

const Expect kFine{{200}, false};
const Expect kInvalid{{400}, false};
const Expect kNotFound{{404}, false};
const Expect kFineOrInvalid{{200, 400}, false};
const Expect kMissing{{400, 404}, false};
const Expect kMethod{{405}, false};
// Bytes the HTTP parser may refuse (then RESTinio closes the connection);
// methods that change state without a CSRF token may also get a 403.
const Expect kParserMayRefuse{{400, 403, 404, 405, 413, 414, 431, 501}, true};

std::string get_request(const std::string& target, const std::vector<std::string>& extra = {}) {
  return http_request("GET", target, extra);
}

const char* const kPaths[] = {"/", "/api/v1/courses"};

// Values that each filter accepts; the rest of the generator builds values it
// must refuse.
const std::map<std::string, std::vector<std::string>> kGoodValues = {
    {"q",
     {"kols", "diabetes", "", "p%C3%A5r%C3%B8rende", "a+b", "%22kols%22", "*", "kols%20OR%201",
      "%27%3B%20DROP%20TABLE%20courses%3B--", "%3Cscript%3E"}},
    {"field", {"somatic", "mental_health", ""}},
    {"format", {"on_site", "digital", "hybrid", ""}},
    {"free_seats", {"1", "0", "true", "false", "on", ""}},
    {"no_referral", {"1", "0", ""}},
    {"from", {"2027-01-01", "2027-12-31", ""}},
    {"to", {"2028-01-01", ""}},
    {"page", {"1", "2", "10000"}},
    {"page_size", {"1", "20", "100"}},
    {"region", {"1", "2", ""}},
    {"hf", {"5", "16", ""}},
    {"municipality", {"0301", "4601", ""}},
    {"diagnosis", {"kols", "diabetes-type-2", ""}},
    {"lang", {"nb", "en", "xx", ""}},
};

// Values none of the typed filters accepts: the prefix keeps them from being
// a number, a date, a flag or a key by accident.
std::string bad_value(Prng& rng) {
  static const char* const kBad[] = {
      "-1",         "-0",         "abc",        "1.5",
      "1e3",        "0x10",       "%2B1",       "99999999999999999999999",
      "2027-13-01", "2027-02-30", "27-01-01",   "ja",
      "yes",        "SOMATIC",    "on_site%20", "%20",
      "null",       "undefined",  "[]",         "%7B%7D",
      "NaN",        "-0",         "+5",         "1%2C2",
      "..",         "%2F"};
  if (rng.chance(50)) return rng.pick(kBad);
  return "zz-" + rng.word(12);
}

// Filters where every bad_value() above is refused (q accepts any text).
// Region, health trust, municipality and diagnosis must name a known one.
const char* const kStrictFilters[] = {
    "field", "target", "format",    "language", "free_seats", "no_referral",  "from",
    "to",    "page",   "page_size", "region",   "hf",         "municipality", "diagnosis"};

void add_random_parameters(Prng& rng, std::vector<Case>& cases) {
  // Unknown names with any value are ignored; known names get good values.
  for (int i = 0; i < 900; ++i) {
    std::string query;
    const std::size_t n = 1 + rng.below(8);
    for (std::size_t k = 0; k < n; ++k) {
      if (!query.empty()) query += '&';
      if (rng.chance(50)) {
        query += "x" + rng.word(10) + "=" +
                 (rng.chance(50) ? rng.word(20) : url_encode("æøå " + rng.word(5)));
      } else {
        auto it = kGoodValues.begin();
        std::advance(it, rng.below(kGoodValues.size()));
        query += it->first + "=" + rng.pick(it->second);
      }
    }
    // Every good "to" is after every good "from", so the whole query is fine.
    cases.push_back(
        {"random parameters", get_request(std::string(rng.pick(kPaths)) + "?" + query), kFine});
  }
  // Every parameter is checked for valid UTF-8, known or not: 400.
  for (int i = 0; i < 100; ++i) {
    std::string bytes = rng.bytes(1 + rng.below(6));
    bytes += '\xFF';  // never valid UTF-8
    const std::string query = "x" + rng.word(6) + "=" + url_encode(bytes) + "&q=kols";
    cases.push_back({"unknown parameter, bad UTF-8",
                     get_request(std::string(rng.pick(kPaths)) + "?" + query), kInvalid});
  }
  // One bad value among good ones: 400.
  for (int i = 0; i < 600; ++i) {
    std::string query = std::string(rng.pick(kStrictFilters)) + "=" + bad_value(rng);
    if (rng.chance(50)) query = "q=kols&" + query;
    if (rng.chance(30)) query += "&xyz=" + rng.word(8);
    cases.push_back({"unknown filter value",
                     get_request(std::string(rng.pick(kPaths)) + "?" + query), kInvalid});
  }
}

void add_paging(std::vector<Case>& cases) {
  for (const char* path : kPaths) {
    for (const std::string v : {"-1", "0", "10001", "2147483648", "99999999999999999999", "abc",
                                "1.0", "1e2", "%201", "1%20", "", "-0", "0x1", "%E2%80%8B1"}) {
      cases.push_back(
          {"page out of range", get_request(std::string(path) + "?page=" + v), kInvalid});
      cases.push_back(
          {"page_size out of range", get_request(std::string(path) + "?page_size=" + v), kInvalid});
    }
    for (const std::string v : {"1", "2", "500", "10000"})
      cases.push_back({"page in range", get_request(std::string(path) + "?page=" + v), kFine});
    cases.push_back({"page_size 101", get_request(std::string(path) + "?page_size=101"), kInvalid});
  }
}

void add_long_queries(Prng& rng, std::vector<Case>& cases) {
  for (const char* path : kPaths) {
    const std::string p(path);
    // 10 kB: a too long text (over 200 bytes) is a 400.
    cases.push_back({"10 kB text", get_request(p + "?q=" + std::string(10 * 1024, 'a')), kInvalid});
    cases.push_back({"10 kB text, escaped",
                     get_request(p + "?q=" + url_encode(std::string(3400, '\xE5'))), kInvalid});
    // 10 kB of unknown parameters: too many parameters.
    std::string many;
    while (many.size() < 10 * 1024) many += "u" + std::to_string(many.size()) + "=1&";
    cases.push_back({"10 kB of parameters", get_request(p + "?" + many), kInvalid});
    // Just under 200 bytes of text is fine; 201 is not.
    cases.push_back({"200-byte text", get_request(p + "?q=" + std::string(200, 'k')), kFine});
    cases.push_back({"201-byte text", get_request(p + "?q=" + std::string(201, 'k')), kInvalid});
    // 20 kB and more: 414 (or 400); RESTinio's parser may also drop it.
    for (std::size_t size : {16 * 1024 + 100, 20 * 1024, 64 * 1024, 200 * 1024})
      cases.push_back({"very long target",
                       get_request(p + "?q=" + std::string(size, 'a')),
                       {{400, 414}, true},
                       true});
    cases.push_back(
        {"very long path", get_request(p + std::string(20 * 1024, 'a')), {{404, 414}, true}, true});
    (void)rng;
  }
}

void add_encoding(Prng& rng, std::vector<Case>& cases) {
  static const char* const kBadUtf8[] = {
      "\xFF", "\xC3\x28", "\xC0\xAF",         "\xED\xA0\x80", "\xF8\x88\x80\x80\x80",
      "\xE5", "k\xF8ls",  "\xF4\x90\x80\x80", "\xE2\x82",     "\xFE\xFF"};
  for (const char* path : kPaths) {
    const std::string p(path);
    for (const char* bad : kBadUtf8) {
      const std::string raw(bad);
      // Escaped invalid UTF-8 reaches the application: 400.
      cases.push_back({"invalid UTF-8 %XX", get_request(p + "?q=" + url_encode(raw)), kInvalid});
      cases.push_back(
          {"invalid UTF-8 %XX in name", get_request(p + "?" + url_encode(raw) + "=1"), kInvalid});
      cases.push_back(
          {"invalid UTF-8 %XX in filter", get_request(p + "?field=" + url_encode(raw)), kInvalid});
      // Raw bytes in the request line: the parser may refuse them.
      cases.push_back({"invalid UTF-8 raw", get_request(p + "?q=" + raw), kParserMayRefuse});
    }
    for (const std::string esc :
         {"%", "%G1", "%1", "%%", "%1G", "%-1", "%%41", "abc%", "%u00e5", "%E5%", "%zz"}) {
      cases.push_back({"bad percent escape", get_request(p + "?q=" + esc), kInvalid});
      cases.push_back({"bad percent escape in name", get_request(p + "?" + esc + "=1"), kInvalid});
    }
    for (const std::string nul : {"%00", "a%00b", "%00%00"}) {
      cases.push_back({"NUL escaped", get_request(p + "?q=" + nul), kInvalid});
      cases.push_back({"NUL escaped in name", get_request(p + "?" + nul + "=1"), kInvalid});
    }
    cases.push_back(
        {"NUL raw", get_request(p + std::string("?q=a\0b", 6)), kParserMayRefuse, true});
    // Random escaped bytes: valid UTF-8 is fine text, the rest a 400.
    for (int i = 0; i < 60; ++i)
      cases.push_back({"random escaped bytes",
                       get_request(p + "?q=" + url_encode(rng.bytes(1 + rng.below(12)))),
                       {{200, 400}, false}});
  }
  // Bad escapes in paths.
  for (const std::string target :
       {"/kurs/%", "/kurs/%G1", "/%00", "/kurs/1%00", "/api/v1/courses/%", "/api/v1/courses/%00",
        "/api/v1/runs/%zz", "/%FF", "/api/v1/courses%FF", "/api/v1/%C0%AF"})
    cases.push_back({"bad escape in path", get_request(target), kMissing});
}

void add_many_parameters(Prng& rng, std::vector<Case>& cases) {
  for (const char* path : kPaths) {
    const std::string p(path);
    for (int count : {199, 201, 1000, 3000}) {
      std::string same, distinct, regions;
      for (int i = 0; i < count; ++i) {
        same += "field=somatic&";
        distinct += "p" + std::to_string(i) + "=" + rng.word(2) + "&";
        regions += "region=" + std::to_string(i + 1) + "&";
      }
      // Past 200 values the query is refused; past 16 kB the target is.
      auto add = [&](const char* name, const std::string& query, const Expect& expect) {
        if (query.size() > 16 * 1024)
          cases.push_back({name, get_request(p + "?" + query), {{400, 414}, true}, true});
        else
          cases.push_back({name, get_request(p + "?" + query), expect});
      };
      const Expect many = count <= 200 ? kFine : kInvalid;
      add("many parameters (same)", same, many);
      add("many parameters (distinct)", distinct, many);
      add("many region values", regions, kInvalid);
    }
    std::string ampersands(5000, '&');
    cases.push_back({"only ampersands", get_request(p + "?" + ampersands), kFine});
    std::string equals(5000, '=');
    cases.push_back({"only equals", get_request(p + "?" + equals), kFineOrInvalid});
  }
}

void add_ids(Prng& rng, std::vector<Case>& cases) {
  static const char* const kPrefixes[] = {"/kurs/", "/gjennomforing/", "/api/v1/courses/",
                                          "/api/v1/runs/"};
  for (int i = 0; i < 300; ++i) {
    // Far above any demo id.
    const auto id = 1'000'000'000ull + rng.below(1'000'000'000'000ull);
    cases.push_back(
        {"unknown id", get_request(rng.pick(kPrefixes) + std::to_string(id)), kNotFound});
  }
  for (const char* prefix : kPrefixes) {
    for (const std::string id : {"-1",
                                 "-999999",
                                 "0",
                                 "00",
                                 "99999999999999999999999",
                                 "9223372036854775807",
                                 "9223372036854775808",
                                 "abc",
                                 "1abc",
                                 "1.0",
                                 "1e3",
                                 "0x1",
                                 "+1",
                                 "%201",
                                 "1%20",
                                 "%2D1",
                                 "%31",
                                 "1;drop",
                                 "1'",
                                 "NaN",
                                 "%E2%80%8B",
                                 "%F0%9F%98%80",
                                 "1,2",
                                 "1-2"}) {
      // "%31" is "1" once decoded: may be a real id.
      const bool maybe_real = id == "%31";
      cases.push_back({"odd id", get_request(std::string(prefix) + id),
                       maybe_real ? Expect{{200, 404}, false} : kNotFound});
    }
  }
}

void add_odd_paths(std::vector<Case>& cases) {
  for (const std::string target : {"//",
                                   "///",
                                   "/kurs/",
                                   "/kurs",
                                   "/kurs/1/2",
                                   "/kurs//1",
                                   "/api/v1/courses/abc",
                                   "/api/v1/courses/",
                                   "/api/v1/",
                                   "/api/v1",
                                   "/api",
                                   "/api/",
                                   "/api/v2/courses",
                                   "/api/v1/courses/1/runs",
                                   "/api/v1/runs/",
                                   "/API/V1/COURSES",
                                   "/gjennomforing/",
                                   "/gjennomforing/1/",
                                   "/./",
                                   "/../",
                                   "/kurs/../api/v1/courses",
                                   "/%2e%2e/",
                                   "/index.html",
                                   "/.env",
                                   "/.git/config",
                                   "/wp-admin/",
                                   "/healthz/",
                                   "/healthz/x",
                                   "/api/v1/courses/1/",
                                   "/kurs/1/",
                                   "/%2F",
                                   "/%2F%2F",
                                   "/static",
                                   "/static/.",
                                   "/~root",
                                   "/favicon.ico",
                                   "/robots.txt",
                                   "/sitemap.xml",
                                   "/kurs/1;jsessionid=1",
                                   "/api/v1/courses;x"})
    cases.push_back({"odd path", get_request(target), kMissing});
  // Paths that are fine.
  for (const std::string target :
       {"/?", "/??", "/?&&&", "/?=", "/?==", "/?q=a=b", "/?#frag", "/api/v1/courses?",
        "/api/v1/courses?&", "/#x", "/?q=%2B", "/api/v1/courses?q=a+b+c", "/?Q=kols", "/?q"})
    cases.push_back({"odd but fine target", get_request(target), kFine});
  // Targets that are not origin-form.
  for (const std::string target : {"*", "http://127.0.0.1/", "http://example.com/kurs/1",
                                   "127.0.0.1:80", "kurs/1", "?q=1", "%2F"})
    cases.push_back({"non-origin target", get_request(target), kParserMayRefuse, true});
}

void add_methods(std::vector<Case>& cases) {
  for (const std::string method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND",
                                   "MKCOL", "LOCK", "PURGE", "REPORT", "SEARCH", "LINK"}) {
    for (const std::string target : {"/", "/api/v1/courses", "/kurs/1", "/api/v1/runs/1",
                                     "/healthz", "/static/kursbase.css", "/finnes-ikke"}) {
      const bool known_route = target != "/finnes-ikke";
      // As the JSON API would send it (passes the CSRF check): 405.
      cases.push_back(
          {"other method",
           http_request(method, target, {"Content-Type: application/json", "Content-Length: 0"}),
           known_route ? kMethod : Expect{{404, 405}, false}});
      // As a cross-site form could send it: refused by the CSRF check (403)
      // or by the route (405).
      cases.push_back(
          {"other method, form",
           http_request(method, target,
                        {"Content-Type: application/x-www-form-urlencoded", "Content-Length: 3"}) +
               "a=1",
           Expect{{403, 404, 405}, false}});
    }
  }
  // Methods the parser does not know, and odd spellings.
  for (const std::string method : {"FOO", "get", "Get", "GETT", "G", "CONNECTX", "BREW", "-",
                                   "GET\t", "PRI", "CONNECT", "\x80GET"})
    cases.push_back({"unknown method", http_request(method, "/"), kParserMayRefuse, true});
  // POST with a body, and bodies on GET (fine: ignored).
  cases.push_back({"POST body",
                   http_request("POST", "/api/v1/courses",
                                {"Content-Type: application/json", "Content-Length: 10"}) +
                       "q=kols&x=1",
                   kMethod});
  cases.push_back({"POST form body",
                   http_request("POST", "/?q=kols",
                                {"Content-Type: application/x-www-form-urlencoded",
                                 "Content-Length: 10", "Origin: https://evil.example"}) +
                       "q=kols&x=1",
                   Expect{{403, 405}, false}});
  cases.push_back(
      {"GET with body", get_request("/", {"Content-Length: 10"}) + "0123456789", kFine});
  cases.push_back({"GET with huge Content-Length",
                   get_request("/", {"Content-Length: 999999999999"}) + "abc",
                   {{200, 400, 413}, true},
                   true});
  cases.push_back({"GET with negative Content-Length", get_request("/", {"Content-Length: -1"}),
                   kParserMayRefuse, true});
  cases.push_back({"GET with two Content-Lengths",
                   get_request("/", {"Content-Length: 1", "Content-Length: 2"}) + "ab",
                   {{200, 400}, true},
                   true});
  cases.push_back({"bad chunked body",
                   get_request("/", {"Transfer-Encoding: chunked"}) + "zz\r\nabc\r\n0\r\n\r\n",
                   kParserMayRefuse, true});
  cases.push_back({"chunked body",
                   get_request("/", {"Transfer-Encoding: chunked"}) + "3\r\nabc\r\n0\r\n\r\n",
                   {{200}, true},
                   true});
  // HEAD of everything odd still answers without a body.
  for (const std::string target : {"/kurs/abc", "/api/v1/courses?page=0", "/?q=%FF"})
    cases.push_back(
        {"HEAD of an error", http_request("HEAD", target), {{400, 404}, false}, false, true});
  for (const std::string prefix : {"/?q=", "/api/v1/courses?q="})
    cases.push_back({"HEAD of a too long target",
                     http_request("HEAD", prefix + std::string(16 * 1024 + 100, 'a')),
                     {{400, 414}, true},
                     true,
                     true});
}

void add_garbage(Prng& rng, std::vector<Case>& cases) {
  for (const std::string& line :
       {std::string("GET"),
        std::string("GET /"),
        std::string("GET / HTTP/9.9"),
        std::string("GET / HTTP/1.1"),
        std::string("GET / FOO/1.1"),
        std::string("HTTP/1.1 200 OK"),
        std::string("\r\n\r\n"),
        std::string(" / HTTP/1.1"),
        std::string("GET  / HTTP/1.1"),
        std::string("GET / HTTP/1.1 extra"),
        std::string("GET /\tHTTP/1.1"),
        std::string("GET / HTTP/1.1\nHost: x\n\n"),
        std::string("GET / HTTP/0.9"),
        std::string("GET / HTTP/2.0"),
        std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\n: novalue\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nX\0Y: z\r\n\r\n", 36)}) {
    std::string raw = line;
    if (raw.find("\r\n\r\n") == std::string::npos && raw.find("\n\n") == std::string::npos)
      raw += "\r\n\r\n";
    cases.push_back({"garbage request line", raw, {{200, 400, 404, 405, 505}, true}, true});
  }
  for (int i = 0; i < 150; ++i)
    cases.push_back(
        {"random bytes", rng.bytes(1 + rng.below(600)) + "\r\n\r\n", kParserMayRefuse, true});
  for (int i = 0; i < 150; ++i) {
    // Printable noise that looks a little like HTTP.
    std::string raw = rng.word(8) + " /" + rng.word(30) + " HTTP/1." +
                      std::to_string(rng.below(3)) + "\r\n" + rng.word(10) + ": " + rng.word(20) +
                      "\r\n\r\n";
    cases.push_back({"random request line", raw, {{200, 400, 404, 405, 505}, true}, true});
  }
}

void add_truncated(Prng& rng, std::vector<Case>& cases) {
  const std::vector<std::string> full = {get_request("/?q=kols&field=somatic"),
                                         get_request("/api/v1/courses?q=diabetes&page=2"),
                                         get_request("/kurs/1"), get_request("/api/v1/runs/1")};
  for (int i = 0; i < 200; ++i) {
    const auto& request = rng.pick(full);
    const std::size_t cut = 1 + rng.below(request.size() - 1);
    // The whole request line and headers, minus the final blank line: no
    // answer is due; any prefix at all: the server must just close.
    cases.push_back({"truncated request", request.substr(0, cut), {{200, 400, 404}, true}, true});
  }
}

void add_header_floods(Prng& rng, std::vector<Case>& cases) {
  for (int count : {50, 200, 1000, 5000}) {
    std::vector<std::string> headers;
    for (int i = 0; i < count; ++i)
      headers.push_back("X-Flood-" + std::to_string(i) + ": " + rng.word(20));
    cases.push_back(
        {"many headers", get_request("/api/v1/courses", headers), {{200, 400, 431}, true}, true});
  }
  for (std::size_t size : {8 * 1024, 64 * 1024, 512 * 1024}) {
    cases.push_back({"huge header value",
                     get_request("/", {"X-Big: " + std::string(size, 'b')}),
                     {{200, 400, 431}, true},
                     true});
    cases.push_back({"huge header name",
                     get_request("/", {std::string(size, 'N') + ": 1"}),
                     {{200, 400, 431}, true},
                     true});
  }
  // Headers the server reads: odd values must not matter.
  const std::vector<std::string> odd_headers = {std::string("Accept: */*"),
                                                std::string("Accept: application/json"),
                                                std::string("Accept: \xFF\xFE"),
                                                std::string("Accept-Language: en-US"),
                                                "Accept-Language: " + std::string(4000, 'x'),
                                                "Accept-Language: nn;q=abc,,,;;",
                                                "Host: " + std::string(2000, 'h'),
                                                "Cookie: " + std::string(4000, 'c'),
                                                "Connection: keep-alive, close",
                                                "Expect: 100-continue",
                                                "Range: bytes=0-10",
                                                "If-None-Match: *",
                                                "Upgrade: websocket",
                                                "X-Forwarded-For: 1.2.3.4, ::1, garbage"};
  for (const auto& h : odd_headers) {
    cases.push_back({"odd header", get_request("/?q=kols", {h}), {{200, 400, 417}, true}, true});
    cases.push_back(
        {"odd header", get_request("/api/v1/courses?q=kols", {h}), {{200, 400, 417}, true}, true});
  }
}

// The request line's target, "METHOD <target> HTTP/1.1".
std::string_view target_of(const std::string& raw) {
  const auto space = raw.find(' ');
  return space == std::string::npos ? std::string_view{} : std::string_view(raw).substr(space + 1);
}

}  // namespace

bool targets_api(const std::string& raw) { return target_of(raw).rfind("/api/", 0) == 0; }
bool targets_static(const std::string& raw) { return target_of(raw).rfind("/static/", 0) == 0; }

std::vector<Case> malformed_request_cases(std::uint64_t seed) {
  Prng rng(seed);
  std::vector<Case> cases;
  add_random_parameters(rng, cases);
  add_paging(cases);
  add_long_queries(rng, cases);
  add_encoding(rng, cases);
  add_many_parameters(rng, cases);
  add_ids(rng, cases);
  add_odd_paths(cases);
  add_methods(cases);
  add_garbage(rng, cases);
  add_truncated(rng, cases);
  add_header_floods(rng, cases);
  return cases;
}

}  // namespace kursbase::testing
