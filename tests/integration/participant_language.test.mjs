// End-to-end test of a participant's preferred language (issue 13): a person
// signing up chooses the language (nb, nn, en, se) of every message they get
// afterwards, through the HTML form or the JSON API (field `language`; absent:
// the language of the request). The real `kursbase serve` mails through its
// libcurl SMTP client to an SMTP sink (smtp-server) and sends SMS to a gateway
// that is a node:http server on loopback (as tests/integration/sms.test.mjs);
// ical.js reads the attached calendars.
//
// Covers: a Sami sign-up by the form (the mail's subject and body, the .ics
// SUMMARY and DESCRIPTION), a nynorsk sign-up by the API with only a mobile
// number (the SMS), a Sami place on a waiting list (the TENTATIVE calendar's
// SUMMARY), a form posted from a nynorsk page without the field (nynorsk
// messages), language=xx refused with 422 on the field `language` and nothing
// sent, and the private-link page shown in the enrollment's language unless
// ?lang= says otherwise.
//
// The expected texts are not written here: they come from the catalogues
// src/web/i18n/{lang}.{enrollment,sms,calendar}.json, read by the test, and
// where a test relies on a language the test first checks that its text
// differs from the bokmål one.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary; KURSBASE_SOURCE_DIR (optional) the source tree
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/participant_language.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { runDemo, startKursbase } from '../support/server.mjs';
import { mailingServerEnv, startSmtpSink, tokenIn } from '../support/smtp_sink.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlValue } from '../support/sql.mjs';
import { waitFor as waitUntil } from '../support/wait.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);
const SOURCE = process.env.KURSBASE_SOURCE_DIR || join(import.meta.dirname, '..', '..');
const I18N = join(SOURCE, 'src', 'web', 'i18n');

const WAIT_MS = 30000;  // the outbox worker polls every 500 ms; generous for slow CI machines
const MAX_SEATS_TO_FILL = 40;  // a run with more seats left would make the test slow

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-participant-language-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let sink = null;
let gateway = null;
const smsRequests = [];  // the parsed JSON bodies the gateway got: { to, text, sender }
let server = null;
let baseUrl = '';
const { getJson, postJson, signUp, smallestOpenRun } = jsonClient(() => baseUrl);
let runs = [];      // open runs with seats, for the sign-ups that get a seat
let fullRun = null;  // the run test 3 fills
let seLink = '';     // the private link of test 1's Sami mail, for test 5

// ---------------------------------------------------------------- catalogues

const catalogues = {};
function t(lang, key) {
  if (!catalogues[lang]) {
    catalogues[lang] = Object.assign({}, ...['enrollment', 'sms', 'calendar']
      .map((f) => JSON.parse(readFileSync(join(I18N, `${lang}.${f}.json`), 'utf8'))));
  }
  const text = catalogues[lang][key];
  assert.equal(typeof text, 'string', `${lang}: the catalogue has "${key}"`);
  return text;
}
// `key` of `lang` is its own text, not the bokmål one.
function own(lang, key) {
  assert.notEqual(t(lang, key), t('nb', key), `${lang} has its own text of "${key}"`);
  return t(lang, key);
}
// A catalogue text with {placeholders} filled from `values` (others kept).
const fill = (text, values) => text.replace(/\{([a-z_]+)\}/g, (m, k) => (k in values ? values[k] : m));
// A text with its line breaks and runs of spaces as one space (a mail's lines may be wrapped).
const flat = (text) => text.replace(/\s+/g, ' ').trim();
// Does the mail's text carry `expected` (line breaks aside)?
const carries = (mail, expected) => flat(mail.text).includes(flat(expected));
// The fixed words of a text: what is left between its placeholders.
const fixedParts = (text) => text.split(/\{[a-z_]+\}/).filter((p) => p.trim() !== '');

// ---------------------------------------------------------------- helpers

const mailsTo = (address) => sink.mailsTo(address);
const smsTo = (number) => smsRequests.filter((b) => b && b.to === number);
const waitFor = (predicate, what, deadlineMs = WAIT_MS) =>
  waitUntil(predicate, what, deadlineMs, () =>
    `${sink.describe()}; ${smsRequests.length} SMS\n${server.log()}`);

// The mail of Message-ID kind `kind` to `address`, waited for.
async function mailOf(address, kind) {
  const isKind = (m) => new RegExp(`\\.${kind}\\.`).test(m.parsed.messageId || '');
  await waitFor(() => mailsTo(address).some(isKind), `the ${kind} mail to ${address}`);
  return mailsTo(address).find(isKind).parsed;
}

// The VEVENTs of a mail's one .ics as { status, summary, description }.
function eventsOf(mail) {
  const ics = mail.attachments.filter((a) => /\.ics$/.test(a.filename));
  assert.equal(ics.length, 1, 'the mail carries one .ics');
  const cal = new ICAL.Component(ICAL.parse(ics[0].content.toString('utf8')));
  return cal.getAllSubcomponents('vevent').map((v) => ({ status: v.getFirstPropertyValue('status'),
    summary: v.getFirstPropertyValue('summary'), description: v.getFirstPropertyValue('description') }));
}

// The calendar is in `lang`: SUMMARY is `summaryKey` for session n of total,
// DESCRIPTION starts with calendar.status.<state> and gives the link as
// calendar.link does; at least one of these texts is not the bokmål one.
function assertCalendar(events, lang, { summaryKey, state, status, course, link }) {
  const keys = [summaryKey, `calendar.status.${state}`, 'calendar.link'];
  assert.ok(keys.some((k) => t(lang, k) !== t('nb', k)), `${lang} has its own text of one of ${keys}`);
  assert.ok(events.length > 0, 'events');
  const total = String(events.length);
  assert.deepEqual(events.map((e) => e.summary).sort(),
    events.map((_, i) => fill(t(lang, summaryKey), { course, n: i + 1, total })).sort(),
    `SUMMARY from ${lang} "${summaryKey}"`);
  for (const e of events) {
    assert.equal(e.status, status);
    assert.equal(e.description.split('\n')[0], t(lang, `calendar.status.${state}`), 'DESCRIPTION: the state');
    assert.ok(e.description.includes(fill(t(lang, 'calendar.link'), { url: link })),
      `DESCRIPTION: the ${lang} link line in ${e.description}`);
  }
}

// The sign-up form of a run as a browser gets it from `query` ("?lang=se"):
// { action, csrf, cookie } (cookie: every cookie the page set, as "a=1; b=2").
async function openForm(runId, query) {
  const res = await fetch(`${baseUrl}/gjennomforing/${runId}/pamelding${query}`);
  const html = await res.text();
  assert.equal(res.status, 200, `GET the form${query}`);
  assert.ok(!html.includes('id="field-national_id"'), `the form of run ${runId} asks no national ID`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  assert.match(cookie, /kursbase_csrf=/);
  const action = (/<form method="post" action="([^"]*)"/.exec(html) || [])[1];
  assert.ok(action, 'the form has an action');
  return { action: action.replace(/&amp;/g, '&'), csrf: /name="csrf" value="([^"]+)"/.exec(html)[1], cookie };
}

// POSTs the form with `fields` (a patient who consents); returns { status, html }.
async function postForm(form, fields) {
  const res = await fetch(new URL(form.action, baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
    body: new URLSearchParams({ csrf: form.csrf, kind: 'patient', consent: '1', ...fields }),
  });
  return { status: res.status, html: await res.text() };
}

// Opens a private link as a browser without cookies does, saying Accept-Language
// nb; follows the redirect with every cookie it set. Returns <html lang>.
async function pageLanguageOf(url) {
  const headers = { 'Accept-Language': 'nb' };
  const exchange = await fetch(url, { redirect: 'manual', headers });
  await exchange.arrayBuffer();
  assert.equal(exchange.status, 303, `GET ${url}`);
  const cookie = exchange.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(new URL(exchange.headers.get('location'), url), { headers: { ...headers, Cookie: cookie } });
  const html = await page.text();
  assert.equal(page.status, 200);
  return (/<html[^>]*\blang="([^"]*)"/.exec(html) || [])[1];
}

let count = 0;
const person = (tag) => {
  count += 1;
  return { name: `Spraak ${tag} ${count}`, email: `spraak${count}.${tag}@example.no`,
    mobile: `+47 9${String(count).padStart(7, '0')}`, normalised: `+479${String(count).padStart(7, '0')}` };
};

// ---------------------------------------------------------------- setup

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  sink = await startSmtpSink();
  gateway = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try { smsRequests.push(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch { smsRequests.push(null); }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `msg-${smsRequests.length}` }));
    });
  });
  await new Promise((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    // The links in the messages point at this server, so they can be followed.
    env: mailingServerEnv(sink, {
      KURSBASE_SMS_GATEWAY_URL: `http://127.0.0.1:${gateway.address().port}/v1/sms`,
      KURSBASE_SMS_GATEWAY_TOKEN: 'test-gateway-token-0123456789abcdef',
      KURSBASE_SMS_SENDER: 'KursbaseLMS',
    }),
  });
  baseUrl = server.baseUrl;
  fullRun = await smallestOpenRun((v) => v.seats_left <= MAX_SEATS_TO_FILL && v.sessions.length > 0);
  const search = await getJson('/api/v1/courses?no_referral=1&free_seats=1&page_size=50');
  for (const item of search.items) {
    const course = await getJson(`/api/v1/courses/${item.id}`);
    // Courses written in bokmål only, so that every language names them by
    // the same title (a translated title is src/app/enrollment/participant_language_test.cpp's).
    if (course.text_language !== 'nb' || course.translations.length > 0) continue;
    for (const r of course.runs) {
      if (r.status !== 'open' || r.seats_left < 4 || r.id === fullRun.id) continue;
      const view = await getJson(`/api/v1/runs/${r.id}`);
      if (view.sessions.length > 0) runs.push(view);
    }
  }
  assert.ok(runs.length >= 3, `need three open runs with seats and sessions, found ${runs.length}`);
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  if (gateway) await new Promise((r) => gateway.close(r));
  rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

test('se by the form: the confirmation mail and its calendar are in North Sami', async () => {
  const run = runs[0];
  const p = person('se');
  const form = await openForm(run.id, '?lang=se');
  const sent = await postForm(form, { name: p.name, email: p.email, language: 'se' });
  assert.equal(sent.status, 303, sent.html);

  const mail = await mailOf(p.email, 'confirmation');
  const course = run.course_title;
  assert.equal(mail.subject, fill(own('se', 'mail.confirmation.subject'), { course }));
  const token = tokenIn(mail.text);
  assert.ok(token, `a private link in: ${mail.text}`);
  seLink = `${baseUrl}/pamelding/${token}`;
  // The body: the se text with {name} and {course} filled, the run's details, then the se link line.
  const [head, tail] = own('se', 'mail.confirmation.body').split('{details}');
  assert.ok(carries(mail, fill(head, { name: p.name, course })), `the se body in:\n${mail.text}`);
  assert.ok(carries(mail, fill(tail, { link: fill(own('se', 'mail.link'), { url: seLink }) })),
    `the se link text in:\n${mail.text}`);
  assert.ok(carries(mail, own('se', 'mail.footer')), 'the se footer');
  assert.ok(!carries(mail, t('nb', 'mail.footer')), 'no bokmål footer');

  assertCalendar(eventsOf(mail), 'se', { summaryKey: 'calendar.summary', state: 'confirmed',
    status: 'CONFIRMED', course, link: seLink });
});

test('nn by the API with only a mobile number: the SMS is the nynorsk text', async () => {
  const run = runs[1];
  const p = person('nn');
  await signUp(run.id, { name: p.name, mobile: p.mobile, language: 'nn' });
  await waitFor(() => smsTo(p.normalised).length > 0, `an SMS to ${p.normalised}`);
  const { text } = smsTo(p.normalised)[0];
  const token = tokenIn(text);
  assert.ok(token, `a private link in: ${text}`);
  const title = Array.from(run.course_title);  // cut at 60 characters with "…", as sms.test.mjs
  const course = title.length > 60 ? `${title.slice(0, 60).join('')}…` : run.course_title;
  assert.ok(text.includes(course), `the course title in: ${text}`);
  assert.ok(text.includes(`${baseUrl}/pamelding/${token}`), `the link in: ${text}`);

  // The fixed words of nn "sms.confirmation", in order; none of bokmål's own.
  const nn = own('nn', 'sms.confirmation');
  let at = 0;
  for (const part of fixedParts(nn)) {
    const i = text.indexOf(part, at);
    assert.ok(i >= 0, `"${part}" of the nn text (after position ${at}) in: ${text}`);
    at = i + part.length;
  }
  const nbOnly = fixedParts(t('nb', 'sms.confirmation')).filter((part) => !nn.includes(part));
  assert.ok(nbOnly.length > 0, 'the nb text has words of its own');
  for (const part of nbOnly) assert.ok(!text.includes(part), `no bokmål "${part}" in: ${text}`);
  assert.equal(mailsTo(p.email).length, 0, 'no mail');
});

test('se on a waiting list: the calendar is tentative, with the Sami waiting-list summary', async () => {
  const run = fullRun;
  for (let i = 0; i < run.seats_left; i++) {
    const p = person('plass');
    await signUp(run.id, { name: p.name, email: p.email });
  }
  const w = person('venter-se');
  await signUp(run.id, { name: w.name, email: w.email, language: 'se' });

  const mail = await mailOf(w.email, 'waitlisted');
  const course = run.course_title;
  own('se', 'calendar.summary.waitlisted');  // the Sami summary is not the bokmål one
  assert.equal(mail.subject, fill(own('se', 'mail.waitlisted.subject'), { course }));
  const token = tokenIn(mail.text);
  assert.ok(token, `a private link in: ${mail.text}`);
  const enrollment = await getJson(`/api/v1/enrollments/${token}`);
  assert.equal(enrollment.status, 'waitlisted');
  assert.equal(enrollment.language, 'se', 'the API names the language of the messages');
  assertCalendar(eventsOf(mail), 'se', { summaryKey: 'calendar.summary.waitlisted', state: 'waitlisted',
    status: 'TENTATIVE', course, link: `${baseUrl}/pamelding/${token}` });
});

test('no language field: a form from a nynorsk page gives nynorsk; language=xx is refused, nothing sent', async () => {
  const run = runs[2];
  const course = run.course_title;
  const form = await openForm(run.id, '?lang=nn');  // sets the lang cookie, as a browser keeps it

  // Without the field: the page's language, nynorsk.
  const p = person('nn-side');
  const sent = await postForm(form, { name: p.name, email: p.email });
  assert.equal(sent.status, 303, sent.html);
  const mail = await mailOf(p.email, 'confirmation');
  // (nn and nb may share the subject; the body differs.)
  assert.equal(mail.subject, fill(t('nn', 'mail.confirmation.subject'), { course }));
  const [head] = own('nn', 'mail.confirmation.body').split('{details}');
  assert.ok(carries(mail, fill(head, { name: p.name, course })), `the nn body in:\n${mail.text}`);
  assertCalendar(eventsOf(mail), 'nn', { summaryKey: 'calendar.summary', state: 'confirmed',
    status: 'CONFIRMED', course, link: `${baseUrl}/pamelding/${tokenIn(mail.text)}` });

  // language=xx: 422 with the error at the field, by the form and by the API.
  const badForm = person('xx-skjema');
  const refused = await postForm(form, { name: badForm.name, email: badForm.email, language: 'xx' });
  assert.equal(refused.status, 422);
  assert.match(refused.html, /href="#field-language"/, 'the error summary points at the language field');
  assert.match(refused.html, /id="error-language"/, 'the message sits at the language field');
  const badApi = person('xx-api');
  const res = await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { kind: 'patient', consent: true, name: badApi.name, email: badApi.email, language: 'xx' });
  const body = await res.json();
  assert.equal(res.status, 422, JSON.stringify(body));
  assert.deepEqual(body.error.fields.map((f) => f.field), ['language'], JSON.stringify(body));

  // Nothing was stored or queued for them: no enrollment; and a later sign-up's
  // mail arriving (the outbox goes in order) without theirs before it.
  for (const x of [badForm, badApi]) {
    assert.equal(sqlValue(dbPath, 'SELECT count(*) FROM enrollment e JOIN person p ON p.id = e.person_id ' +
      `WHERE p.name = '${x.name}'`), '0', `no enrollment of ${x.name}`);
  }
  const marker = person('etter');
  await signUp(run.id, { name: marker.name, email: marker.email });
  await mailOf(marker.email, 'confirmation');
  assert.equal(mailsTo(badForm.email).length, 0, 'no mail after the refused form');
  assert.equal(mailsTo(badApi.email).length, 0, 'no mail after the refused API call');
});

test('the private link opens in the enrollment\'s language; ?lang= wins', async () => {
  assert.ok(seLink, 'the first test left the link of its Sami mail');
  assert.equal(await pageLanguageOf(seLink), 'se', 'no ?lang=, no cookie, Accept-Language nb');
  assert.equal(await pageLanguageOf(`${seLink}?lang=en`), 'en', 'with ?lang=en');
});
