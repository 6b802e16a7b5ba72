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
  // the person ({name, email} or {name, mobile}, ...). Must answer 201.
  async function signUp(runId, fields) {
    const res = await postJson(`/api/v1/runs/${runId}/enrollments`,
      { ...fields, kind: 'patient', consent: true });
    const body = await res.json();
    assert.equal(res.status, 201,
      `sign-up of ${fields.email || fields.mobile}: ${JSON.stringify(body)}`);
    return body;
  }

  return { getJson, postJson, signUp };
}
