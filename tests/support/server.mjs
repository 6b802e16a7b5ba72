// Shared helpers of the Node test suites that start the real `kursbase serve`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

// A loopback port nobody listens on right now (the caller retries on a race).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls GET /healthz until 200, the child exits, or the deadline passes.
export async function waitForHealthy(child, url, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });
  while (Date.now() < deadline) {
    if (exited) return { ok: false, why: `server exited (${JSON.stringify(exited)})` };
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return { ok: true };
    } catch { /* not listening yet */ }
    await delay(50); // poll interval, bounded by the deadline above
  }
  return { ok: false, why: `no 200 from /healthz within ${deadlineMs} ms` };
}

// Children started by startKursbase that may still run; killed if node exits
// mid-test, so no server outlives its suite.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

// Today in local time as YYYY-MM-DD, the form `kursbase demo --today` takes.
export function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// `kursbase demo` into `database` (SQLite path or PostgreSQL URL); fails the caller on error.
export function runDemo({ bin, database, today, timeoutMs, cwd }) {
  const args = ['demo', '--database', database, '--scale', '1'];
  if (today) args.push('--today', today);
  const demo = spawnSync(bin, args, { encoding: 'utf8', timeout: timeoutMs, cwd });
  assert.equal(demo.status, 0,
    `kursbase demo failed:\n${demo.error ?? ''}\n${demo.stdout}\n${demo.stderr}`);
}

// Starts `kursbase serve --database <database> --listen 127.0.0.1:<port> <args...>`
// and waits for /healthz.
//   env      extra environment (over process.env), or a function of the base URL
//            giving it (for KURSBASE_PUBLIC_URL)
//   port     a fixed port (one attempt); otherwise a free one, retried on a race
//   onLog    also called with every chunk of stdout/stderr (a log kept across restarts)
//   healthMs how long /healthz may take; cwd: the child's working directory
// Returns { baseUrl, child, log(), stop(), kill() }: log() is everything the
// server wrote so far (also after it stopped); stop() sends SIGTERM and waits,
// with SIGKILL after `graceMs`; kill() sends SIGKILL and waits.
export async function startKursbase({ bin, database, env = {}, args = [], port, onLog,
  healthMs = 20000, cwd }) {
  const attempts = port ? 1 : 3;
  let why = '';
  let log = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const p = port || await freePort();
    const baseUrl = `http://127.0.0.1:${p}`;
    log = '';
    const child = spawn(bin, ['serve', '--database', database, '--listen', `127.0.0.1:${p}`,
      ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(typeof env === 'function' ? env(baseUrl) : env) },
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const capture = (d) => { log += d; if (onLog) onLog(d); };
    child.stdout.on('data', capture);
    child.stderr.on('data', capture);
    const ready = await waitForHealthy(child, baseUrl, healthMs);
    const handle = {
      baseUrl,
      child,
      log: () => log,
      stop: (graceMs = 5000) => stopChild(child, 'SIGTERM', graceMs),
      kill: () => stopChild(child, 'SIGKILL', 0),
    };
    if (ready.ok) return handle;
    why = ready.why;
    await handle.kill();
  }
  throw new Error(`kursbase serve did not start: ${why}\n${log}`);
}

function stopChild(child, signal, graceMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : null;
    child.once('exit', () => { if (timer) clearTimeout(timer); resolve(); });
    child.kill(signal);
  });
}
