// The browser side of the browser suites: Debian's Chromium driven by
// playwright-core, and axe-core's WCAG 2.1 A/AA check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MIN_AXE_PASSES = 8;  // fewer passed rules means axe saw next to nothing

// Headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium), no network of its own.
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export function formatViolations(violations) {
  return violations.map((v) => [
    `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${n.html}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`),
  ].join('\n')).join('\n');
}

// axe-core, WCAG 2.1 A/AA, no rule disabled: no violation on the page, and
// enough rules passed that the scan was not vacuous.
export async function assertAccessible(page, what) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  assert.equal(results.violations.length, 0,
    `axe found WCAG 2.1 A/AA violations on ${what} (${page.url()}):\n${formatViolations(results.violations)}`);
  assert.ok(results.passes.length >= MIN_AXE_PASSES,
    `axe checked too little on ${what}: ${results.passes.map((p) => p.id)}`);
  return results;
}

// A fresh context (Norwegian locale) and page that records what went wrong:
// page errors, console errors (not the favicon Chromium asks for on its own)
// and sub-resources (CSS, fonts) that answered 4xx/5xx; documents may answer
// 4xx on purpose and are checked by their status instead. Chromium reports
// such a document as a failed resource on the console too: with
// `documentsMayFail` that console line is not counted. Returns
// { context, page, problems }.
// How many pixels the page is wider than its window (0 or less: no
// horizontal scrolling), as WCAG 1.4.10 reflow asks at 320 CSS px and 375 px phones.
export const horizontalOverflow = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

export async function newPage(browser, options = {}, { documentsMayFail = false } = {}) {
  const context = await browser.newContext({ locale: 'nb-NO', ...options });
  const page = await context.newPage();
  const problems = [];
  const failedDocuments = new Set();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' || m.location().url.endsWith('/favicon.ico')) return;
    if (documentsMayFail && /^Failed to load resource/.test(m.text()) &&
        failedDocuments.has(m.location().url)) return;
    problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    if (r.request().resourceType() === 'document') failedDocuments.add(r.url());
    else problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return { context, page, problems };
}

// Clicks something that submits a form or follows a link, and waits for the new page.
export async function submitAndWait(page, button, urlPredicate) {
  await Promise.all([page.waitForURL(urlPredicate), button.click()]);
  await page.waitForLoadState('load');
}

// The environment of a browser suite (set by tests/browser/CMakeLists.txt):
// the kursbase binary and the built static assets; fails at once without them.
export function browserSuiteEnv() {
  const bin = process.env.KURSBASE_BIN;
  const staticDir = process.env.KURSBASE_STATIC_DIR;
  assert.ok(bin && existsSync(bin), `KURSBASE_BIN must name the kursbase binary (got ${bin})`);
  assert.ok(staticDir && existsSync(join(staticDir, 'ds', 'designsystemet.css')),
    `KURSBASE_STATIC_DIR must hold the built static assets (got ${staticDir})`);
  return { bin, staticDir };
}

// A fresh work dir for a suite, and where its screenshots go
// (KURSBASE_ARTIFACTS_DIR, else a folder of the work dir).
export function suiteDirs(prefix) {
  const workDir = mkdtempSync(join(tmpdir(), prefix));
  const artifactsDir = process.env.KURSBASE_ARTIFACTS_DIR || join(workDir, 'screenshots');
  mkdirSync(artifactsDir, { recursive: true });
  return { workDir, artifactsDir };
}

// Closes the browser, then runs each of `stops` (stopping servers, sinks) even
// if that failed. Removes the work dir when the screenshots went to
// KURSBASE_ARTIFACTS_DIR, else only the SQLite files in it.
export async function tearDown({ browser, stops = [], workDir, artifactsDir }) {
  try {
    if (browser) await browser.close();
  } finally {
    for (const stop of stops) await stop();
    if (process.env.KURSBASE_ARTIFACTS_DIR) {
      rmSync(workDir, { recursive: true, force: true });
    } else {
      for (const f of ['kursbase.db', 'kursbase.db-wal', 'kursbase.db-shm']) rmSync(join(workDir, f), { force: true });
    }
    console.log(`# screenshots in ${artifactsDir}`);
  }
}
