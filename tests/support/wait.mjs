// Polling with a deadline, for the Node test suites (no fixed sleeps).
import assert from 'node:assert/strict';

const POLL_MS = 50;  // poll interval, bounded by the caller's deadline

// Polls until `predicate()` (sync or async) holds; otherwise fails with
// "`what` within N ms; `context()`", where context() tells what was seen.
export async function waitFor(predicate, what, deadlineMs, context = () => '') {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  assert.fail(`${what} within ${deadlineMs} ms; ${context()}`);
}
