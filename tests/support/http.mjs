// JSON requests to the real `kursbase serve`, for the Node test suites.
import assert from 'node:assert/strict';

// A client of one server. `base` is its base URL, or a function giving it
// (for suites that restart the server on another port).
export function jsonClient(base) {
  const url = (path) => (typeof base === 'function' ? base() : base) + path;

  // GET that must answer 200; returns the parsed body.
  async function getJson(path) {
    const res = await fetch(url(path));
    assert.equal(res.status, 200, `GET ${path}`);
    return res.json();
  }

  // POST with a JSON body (a string is sent as is). The JSON content type is
  // what the CSRF guard asks of API POSTs. Returns the Response.
  const postJson = (path, body) => fetch(url(path), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  // A sign-up through the JSON API as a patient who consents; `fields` gives
  // the person ({name, email} or {name, mobile}, ...). Must answer 202 with
  // the answer every accepted sign-up gets, new or repeated (issue 11).
  async function signUp(runId, fields) {
    const res = await postJson(`/api/v1/runs/${runId}/enrollments`,
      { kind: 'patient', consent: true, ...fields });
    const body = await res.json();
    assert.equal(res.status, 202,
      `sign-up of ${fields.email || fields.mobile}: ${JSON.stringify(body)}`);
    assert.equal(body.received, true);
    assert.deepEqual(Object.keys(body).sort(), ['message', 'received'],
      'the answer tells nothing about the person');
    return body;
  }

  // A sign-up by e-mail, then its private link from the confirmation that
  // reaches `sink` (tests/support/smtp_sink.mjs) and the enrollment it opens:
  // { ...GET /api/v1/enrollments/{token}, manage_token }. `nth`: which mail
  // with a link to the address is this sign-up's (when it had one before).
  async function enroll(runId, fields, sink, { nth = 1 } = {}) {
    await signUp(runId, fields);
    const token = await sink.tokenFor(fields.email, { nth });
    return { ...(await getJson(`/api/v1/enrollments/${token}`)), manage_token: token };
  }

  // The open run with a waiting list nobody is on yet, of a course without
  // referral, with the fewest seats left (at least one) among those `accept`s.
  async function smallestOpenRun(accept = () => true) {
    const search = await getJson('/api/v1/courses?no_referral=1&free_seats=1&page_size=50');
    assert.ok(search.items.length > 0, 'the demo has open courses without referral');
    const candidates = [];
    for (const item of search.items) {
      const course = await getJson(`/api/v1/courses/${item.id}`);
      for (const r of course.runs) {
        if (r.status !== 'open' || r.seats_left < 1) continue;
        const view = await getJson(`/api/v1/runs/${r.id}`);
        if (view.waiting_list && view.status === 'open' && view.waitlisted === 0 && accept(view)) {
          candidates.push(view);
        }
      }
    }
    assert.ok(candidates.length > 0, 'a small open run with a waiting list');
    candidates.sort((a, b) => a.seats_left - b.seats_left || a.id - b.id);
    return candidates[0];
  }

  return { getJson, postJson, signUp, enroll, smallestOpenRun,
    openPrivateLink: (token) => openPrivateLink(url(''), token) };
}

// Opens a private link as a browser does (issue 11): GET /pamelding/{token}
// must answer 303 to the token-free /pamelding with the link cookie, and that
// page is fetched with it. Returns { response, cookie } (cookie: "name=value",
// for the page's forms and calendar).
export async function openPrivateLink(base, token) {
  const exchange = await fetch(`${base}/pamelding/${token}`, { redirect: 'manual' });
  await exchange.arrayBuffer();
  assert.equal(exchange.status, 303, `GET /pamelding/{token}: ${exchange.status}`);
  assert.equal(exchange.headers.get('location'), '/pamelding');
  const set = exchange.headers.getSetCookie().find((c) => /^(__Secure-)?kursbase_link=/.test(c));
  assert.ok(set, 'the link cookie is set');
  const cookie = set.split(';')[0];
  const response = await fetch(`${base}/pamelding`, { headers: { Cookie: cookie } });
  return { response, cookie };
}
