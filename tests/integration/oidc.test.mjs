// Staff sign-in with OpenID Connect (issue 4), end to end against a real
// OpenID provider: npm oidc-provider on a loopback port, with a client that
// authenticates with private_key_jwt, PKCE required and PAR enabled, as
// HelseID runs it. The test walks the provider's login and consent pages
// with fetch and a cookie jar, then checks kursbase's session and roles.
//
// Tampered ID tokens (wrong nonce, unknown key, alg none, HS256) cannot be
// made by a correct provider, so a second, tiny provider in this file serves
// discovery, JWKS, an authorization endpoint that answers at once, and a token
// endpoint whose ID token the test chooses; a second kursbase talks to it.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/oidc.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { generateKeyPairSync, createSign, createHmac, randomUUID, constants } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { freePort, runDemo, startKursbase as startServer } from '../support/server.mjs';
import { sqlValue } from '../support/sql.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-oidc-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
const keyPath = join(workDir, 'client.pem');
const CLIENT_ID = 'kursbase-test';
const CALLBACK = '/innlogging/oidc/tilbake';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const servers = [];
const httpServers = [];
let provider = null;
let opUrl = '';          // the real provider
let fakeUrl = '';        // the tiny provider that signs what the test asks
let kb = null;           // kursbase with the real provider (PAR on)
let kbFake = null;       // kursbase with the tiny provider (PAR off)
let kbPlain = null;      // kursbase without OIDC
const seenAtProvider = []; // { route, params } of every request the real provider handled

// The client's key pair: kursbase signs client assertions with the private half.
const clientKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(keyPath, clientKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const clientPublicJwk = { ...clientKeys.publicKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };

const b64url = (b) => Buffer.from(b).toString('base64url');

function cli(args, input = '') {
  const r = spawnSync(BIN, ['user', ...args, '--database', dbPath], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, `kursbase user ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const sql = (statement) => sqlValue(dbPath, statement);

// kursbase on a port fixed in advance (the provider knows its callback URL).
async function startKursbase(port, env) {
  const server = await startServer({ bin: BIN, database: dbPath, port,
    env: (url) => ({ KURSBASE_PUBLIC_URL: url, ...env }) });
  servers.push(server);
  return { ...server, url: server.baseUrl };
}

const oidcEnv = (issuer, extra = {}) => ({
  KURSBASE_OIDC_ISSUER: issuer,
  KURSBASE_OIDC_CLIENT_ID: CLIENT_ID,
  KURSBASE_OIDC_PRIVATE_KEY_FILE: keyPath,
  KURSBASE_OIDC_SCOPES: 'openid',
  ...extra,
});

// A minimal browser: cookies per origin, redirects followed by hand.
class Browser {
  constructor() { this.jar = new Map(); }
  cookieHeader(url) {
    const origin = new URL(url).origin;
    const jar = this.jar.get(origin) || new Map();
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(url, res) {
    const origin = new URL(url).origin;
    if (!this.jar.has(origin)) this.jar.set(origin, new Map());
    const jar = this.jar.get(origin);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
      if (expired || value === '') jar.delete(name); else jar.set(name, value);
    }
  }
  cookie(url, name) { return (this.jar.get(new URL(url).origin) || new Map()).get(name); }
  async request(url, { method = 'GET', form } = {}) {
    const headers = { cookie: this.cookieHeader(url) };
    let body;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    this.store(url, res);
    return res;
  }
}

// Follows redirects and the provider's login and consent forms until the
// browser is sent to kursbase's callback; returns that URL (not yet visited).
async function walkProvider(browser, startUrl, login, kursbaseUrl) {
  let url = startUrl;
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(kursbaseUrl + CALLBACK)) return url;
    const res = await browser.request(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location'), url).href;
      continue;
    }
    const html = await res.text();
    assert.equal(res.status, 200, `provider page ${url}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html);
    assert.ok(action, `a form on ${url}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)[1];
    const form = prompt === 'login' ? { prompt, login, password: 'x' } : { prompt };
    const posted = await browser.request(new URL(action[1], url).href, { method: 'POST', form });
    assert.ok(posted.status >= 300 && posted.status < 400, `form ${prompt} answered ${posted.status}`);
    url = new URL(posted.headers.get('location'), url).href;
  }
  throw new Error('the provider never sent the browser back to kursbase');
}

// Starts a sign-in at kursbase and walks the real provider as `login`.
async function signInAtProvider(login, next = '/ansatt') {
  const browser = new Browser();
  const start = await browser.request(`${kb.url}/innlogging/oidc?neste=${encodeURIComponent(next)}`);
  assert.equal(start.status, 303);
  const authorizeUrl = start.headers.get('location');
  const callback = await walkProvider(browser, authorizeUrl, login, kb.url);
  return { browser, callback, authorizeUrl };
}

const pageText = async (res) => (await res.text()).replace(/\s+/g, ' ');

// ---- the tiny provider for tampered tokens ----

const fakeKeys = {
  k1: generateKeyPairSync('rsa', { modulusLength: 2048 }), // published in the JWKS
  k2: generateKeyPairSync('rsa', { modulusLength: 2048 }), // never published
};
const fake = { mode: 'good', nonce: '', jwksFetches: 0, tokenRequests: [] };

function fakeIdToken(mode) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: fakeUrl, aud: CLIENT_ID, sub: 'kari-sub', iat: now, exp: now + 300,
    nonce: mode === 'wrong-nonce' ? 'not-the-nonce-kursbase-sent' : fake.nonce };
  if (mode === 'expired') { claims.iat = now - 3600; claims.exp = now - 600; }
  if (mode === 'wrong-aud') claims.aud = 'another-client';
  const kid = mode === 'unknown-key' ? 'k2' : 'k1';
  const alg = { 'alg-none': 'none', hs256: 'HS256' }[mode] || 'RS256';
  const input = `${b64url(JSON.stringify({ alg, kid, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${input}.`;
  if (alg === 'HS256') {
    // The classic attack: HMAC keyed with the provider's public key.
    const pem = fakeKeys.k1.publicKey.export({ type: 'spki', format: 'pem' });
    return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
  }
  const sig = createSign('RSA-SHA256').update(input).sign(fakeKeys[kid].privateKey);
  return `${input}.${b64url(sig)}`;
}

function startFakeProvider(port) {
  fakeUrl = `http://127.0.0.1:${port}`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, fakeUrl);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer: fakeUrl, authorization_endpoint: `${fakeUrl}/authorize`,
        token_endpoint: `${fakeUrl}/token`, jwks_uri: `${fakeUrl}/jwks` });
    }
    if (url.pathname === '/jwks') {
      fake.jwksFetches++;
      const jwk = fakeKeys.k1.publicKey.export({ format: 'jwk' });
      return json(200, { keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'RS256' }] });
    }
    if (url.pathname === '/authorize') {
      fake.nonce = url.searchParams.get('nonce');
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('code', randomUUID());
      back.searchParams.set('state', url.searchParams.get('state'));
      res.writeHead(303, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      fake.tokenRequests.push(Object.fromEntries(new URLSearchParams(body)));
      return json(200, { access_token: 'at', token_type: 'Bearer', id_token: fakeIdToken(fake.mode) });
    }
    json(404, { error: 'not_found' });
  });
  httpServers.push(server);
  return new Promise((r) => server.listen(port, '127.0.0.1', r));
}

async function signInAtFake(mode) {
  fake.mode = mode;
  const browser = new Browser();
  const start = await browser.request(`${kbFake.url}/innlogging/oidc`);
  assert.equal(start.status, 303);
  const authorize = await browser.request(start.headers.get('location'));
  assert.equal(authorize.status, 303);
  return browser.request(authorize.headers.get('location'));
}

// ---- setup ----

before(async () => {
  // The grants name an HF and a course, which `user add` checks exist.
  runDemo({ bin: BIN, database: dbPath, timeoutMs: 60000 });
  cli(['add', '--username', 'kari', '--name', 'Kari Nordmann', '--role',
    'lms_advisor:health_trust:5', '--oidc-subject', 'kari-sub']);
  cli(['add', '--username', 'ola', '--name', 'Ola Deaktivert', '--role',
    'course_leader:course:1', '--oidc-subject', 'ola-sub']);
  cli(['disable', '--username', 'ola']);

  const [opPort, kbPort, fakePort, kbFakePort, kbPlainPort] =
    await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  opUrl = `http://127.0.0.1:${opPort}`;
  const providerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  provider = new Provider(opUrl, {
    clients: [{
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [clientPublicJwk] },
      redirect_uris: [`http://127.0.0.1:${kbPort}${CALLBACK}`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    }],
    jwks: { keys: [{ ...providerKey.export({ format: 'jwk' }), kid: 'op-1', use: 'sig', alg: 'RS256' }] },
    features: { devInteractions: { enabled: true }, pushedAuthorizationRequests: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['kursbase-oidc-test-cookie-key'] },
    findAccount: (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  });
  // What the provider received, read after each request was handled.
  provider.use(async (ctx, next) => {
    await next();
    try {
      // params: the OAuth parameters the endpoint used; body: the form as sent
      // (client authentication parameters are only in the latter).
      if (ctx.oidc?.params) {
        seenAtProvider.push({ route: ctx.oidc.route, params: { ...ctx.oidc.params },
          body: { ...(ctx.oidc.body || {}) } });
      }
    } catch { /* requests without OIDC context */ }
  });
  const opServer = createServer(provider.callback());
  httpServers.push(opServer);
  await new Promise((r) => opServer.listen(opPort, '127.0.0.1', r));
  await startFakeProvider(fakePort);

  kb = await startKursbase(kbPort, oidcEnv(opUrl, { KURSBASE_OIDC_USE_PAR: '1' }));
  kbFake = await startKursbase(kbFakePort, oidcEnv(fakeUrl));
  kbPlain = await startKursbase(kbPlainPort, {});
});

after(async () => {
  for (const server of servers) await server.stop();
  for (const s of httpServers) { s.closeAllConnections?.(); await new Promise((r) => s.close(r)); }
  rmSync(workDir, { recursive: true, force: true });
});

// ---- the happy path ----

test('a staff member signs in at the provider and gets their kursbase roles', async () => {
  const page = await (await fetch(`${kb.url}/innlogging`)).text();
  assert.match(page, /id="oidc-sign-in" href="\/innlogging\/oidc\?neste=%2Fansatt"/);
  assert.match(page, /Logg inn med HelseID/);

  const { browser, callback } = await signInAtProvider('kari-sub');
  const pending = browser.cookie(kb.url, 'kursbase_oidc');
  assert.ok(pending, 'the sealed sign-in cookie was set');
  assert.match(callback, /[?&]code=/);
  const res = await browser.request(callback);
  assert.equal(res.status, 303, await res.text());
  assert.equal(res.headers.get('location'), '/ansatt');
  assert.ok(browser.cookie(kb.url, 'kursbase_session'), 'a staff session cookie');
  assert.equal(browser.cookie(kb.url, 'kursbase_oidc'), undefined, 'the sign-in cookie is cleared');

  const home = await browser.request(`${kb.url}/ansatt`);
  assert.equal(home.status, 200);
  const html = await pageText(home);
  assert.match(html, /Kari Nordmann/);
  assert.match(html, /LMS-rådgiver/); // the role comes from kursbase, not from the token
  const me = await (await browser.request(`${kb.url}/api/v1/staff/me`)).json();
  assert.deepEqual(me.grants, [{ role: 'lms_advisor', scope: 'health_trust', scope_id: 5 }]);

  // The sign-in is on record.
  const id = sql("SELECT id FROM staff_account WHERE username = 'kari';");
  assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND account_id = ${id};`)) >= 1);
});

test('the provider saw PKCE S256, a pushed request and private_key_jwt', async () => {
  seenAtProvider.length = 0;
  const { browser, callback, authorizeUrl } = await signInAtProvider('kari-sub');
  assert.equal((await browser.request(callback)).status, 303);

  // With PAR the browser carries only client_id and the request_uri.
  const front = new URL(authorizeUrl);
  assert.equal(front.origin, opUrl);
  assert.deepEqual([...front.searchParams.keys()].sort(), ['client_id', 'request_uri']);
  assert.match(front.searchParams.get('request_uri'), /^urn:ietf:params:oauth:request_uri:/);

  const par = seenAtProvider.find((s) => s.route === 'pushed_authorization_request');
  assert.ok(par, `a PAR request (routes seen: ${seenAtProvider.map((s) => s.route)})`);
  assert.equal(par.params.code_challenge_method, 'S256');
  assert.match(par.params.code_challenge, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(par.body.client_assertion_type, JWT_BEARER);
  assert.equal(par.body.code_challenge_method, 'S256');
  assert.ok(par.params.state.length >= 22 && par.params.nonce.length >= 22, '≥ 128-bit state and nonce');

  const token = seenAtProvider.find((s) => s.route === 'token');
  assert.ok(token, 'a token request');
  assert.equal(token.params.grant_type, 'authorization_code');
  assert.equal(token.body.client_assertion_type, JWT_BEARER);
  assert.ok(token.body.code_verifier, 'the PKCE verifier was sent');
  assert.equal(token.body.client_secret, undefined);
  const [header, payload] = token.body.client_assertion.split('.').slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url')));
  assert.equal(header.alg, 'RS256');
  assert.equal(payload.iss, CLIENT_ID);
  assert.equal(payload.sub, CLIENT_ID);
  assert.equal(payload.aud, opUrl);
  assert.ok(payload.jti && payload.exp - payload.iat <= 60);
});

// ---- refusals at the real provider ----

test('a replayed authorization code is refused, with no session', async () => {
  const { browser, callback } = await signInAtProvider('kari-sub');
  const pending = browser.cookie(kb.url, 'kursbase_oidc');
  assert.equal((await browser.request(callback)).status, 303);
  // An attacker with the callback URL and the old sign-in cookie:
  const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: `kursbase_oidc=${pending}` } });
  assert.equal(replay.status, 400);
  assert.match(await pageText(replay), /Svaret fra innloggingstjenesten kunne ikke godtas/);
  assert.ok(await logShows(kb, /token endpoint answered 400 invalid_grant/), 'the provider refused the code');
  assert.ok(!replay.headers.getSetCookie().some((c) => c.startsWith('kursbase_session=') && !/Max-Age=0/.test(c)));
});

test('a wrong, missing or foreign state is refused', async () => {
  const { browser, callback } = await signInAtProvider('kari-sub');
  const url = new URL(callback);
  const wrong = new URL(url);
  wrong.searchParams.set('state', 'x'.repeat(43));
  let res = await browser.request(wrong.href);
  assert.equal(res.status, 400);
  assert.match(await pageText(res), /Innloggingen var utløpt eller ble startet i en annen nettleser/);

  // The failed attempt cleared the sign-in cookie: even the right state no longer works.
  res = await browser.request(callback);
  assert.equal(res.status, 400);

  const again = await signInAtProvider('kari-sub');
  const missing = new URL(again.callback);
  missing.searchParams.delete('state');
  res = await fetch(missing.href, { redirect: 'manual', headers: { cookie: again.browser.cookieHeader(kb.url) } });
  assert.equal(res.status, 400);
  // Another browser (no sign-in cookie) with the right URL: refused too.
  res = await fetch(again.callback, { redirect: 'manual' });
  assert.equal(res.status, 400);
  assert.match(await pageText(res), /startet i en annen nettleser/);
  // A forged sign-in cookie is refused.
  res = await fetch(again.callback, { redirect: 'manual', headers: { cookie: 'kursbase_oidc=AAAA' } });
  assert.equal(res.status, 400);
});

test('an answer naming another issuer (RFC 9207) is refused', async () => {
  const { browser, callback } = await signInAtProvider('kari-sub');
  const url = new URL(callback);
  assert.equal(url.searchParams.get('iss'), opUrl, 'the provider sends iss');
  url.searchParams.set('iss', 'https://evil.example');
  const res = await browser.request(url.href);
  assert.equal(res.status, 400);
  assert.equal(browser.cookie(kb.url, 'kursbase_session'), undefined);
  assert.ok(await logShows(kb, /authorization response from another issuer/));
});

test('a person without a kursbase account is refused with 403 and it is audited', async () => {
  const { browser, callback } = await signInAtProvider('stranger-sub');
  const res = await browser.request(callback);
  assert.equal(res.status, 403);
  assert.match(await pageText(res), /har ingen brukerkonto i Kursbase/);
  assert.equal(browser.cookie(kb.url, 'kursbase_session'), undefined);
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'oidc_sign_in_refused' AND object_id = 'stranger-sub';"), '1');
});

test('a disabled account is refused with 403 and it is audited', async () => {
  const { browser, callback } = await signInAtProvider('ola-sub');
  const res = await browser.request(callback);
  assert.equal(res.status, 403);
  assert.match(await pageText(res), /Brukerkontoen din i Kursbase er deaktivert/);
  assert.equal(browser.cookie(kb.url, 'kursbase_session'), undefined);
  const id = sql("SELECT id FROM staff_account WHERE username = 'ola';");
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'oidc_sign_in_refused' AND account_id = ${id};`), '1');
});

// ---- tampered ID tokens, from the tiny provider ----

test('the tiny provider works: a good token signs in (so the refusals below mean something)', async () => {
  const res = await signInAtFake('good');
  assert.equal(res.status, 303, await res.text());
  assert.equal(res.headers.get('location'), '/ansatt');
  const req = fake.tokenRequests.at(-1);
  assert.equal(req.client_assertion_type, JWT_BEARER);
  assert.ok(req.code_verifier);
});

// The server logs which check refused (no personal data); wait for the line.
async function logShows(server, pattern) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (pattern.test(server.log())) return true;
    await new Promise((r) => setTimeout(r, 20)); // poll, bounded by the deadline
  }
  return false;
}

for (const [mode, why, logged] of [
  ['wrong-nonce', 'a nonce from another request', /id token: wrong nonce/],
  ['alg-none', 'alg none', /id token alg not allowed/],
  ['hs256', 'HS256 keyed with the public key', /id token alg not allowed/],
  ['expired', 'an expired token', /id token: expired/],
  ['wrong-aud', 'another audience', /id token: wrong aud/],
]) {
  test(`an ID token with ${why} is refused`, async () => {
    const res = await signInAtFake(mode);
    assert.equal(res.status, 400);
    assert.match(await pageText(res), /Svaret fra innloggingstjenesten kunne ikke godtas/);
    assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith('kursbase_session=') && !/Max-Age=0/.test(c)));
    assert.ok(await logShows(kbFake, logged), `the log names the check: ${logged}`);
  });
}

test('an ID token signed by an unpublished key is refused after one JWKS refetch', async () => {
  await signInAtFake('good'); // the JWKS is cached now
  const fetchesBefore = fake.jwksFetches;
  const res = await signInAtFake('unknown-key');
  assert.equal(res.status, 400);
  assert.match(await pageText(res), /Svaret fra innloggingstjenesten kunne ikke godtas/);
  assert.equal(fake.jwksFetches, fetchesBefore + 1, 'the unknown kid made kursbase fetch the JWKS once more');
  assert.ok(await logShows(kbFake, /signed with a key the provider does not publish/));
});

// ---- not configured ----

test('without OIDC settings the routes are 404 and there is no button', async () => {
  assert.equal((await fetch(`${kbPlain.url}/innlogging/oidc`, { redirect: 'manual' })).status, 404);
  assert.equal((await fetch(`${kbPlain.url}${CALLBACK}?code=a&state=b`, { redirect: 'manual' })).status, 404);
  const page = await (await fetch(`${kbPlain.url}/innlogging`)).text();
  assert.doesNotMatch(page, /oidc-sign-in/);
});
