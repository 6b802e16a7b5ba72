// Shared helpers of the Node test suites that start the real `kursbase serve`.
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

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

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
