#!/usr/bin/env node
// A mail sink for development: takes every mail a local `kursbase serve` sends
// and prints it (sender, recipients, subject, attachments, text with the
// private link) on stdout. Nothing is delivered anywhere. It is the SMTP sink
// of the test suites (tests/support/smtp_sink.mjs: npm smtp-server and
// mailparser, installed by scripts/setup-deps.sh), listening on loopback only.
//
//   node scripts/mail-sink.mjs [--port 1025]      (or: make mail-sink)
//   KURSBASE_SMTP_URL=smtp://127.0.0.1:1025 make run
//
// Stop it with Ctrl-C.
import { parseArgs } from 'node:util';
import { startSmtpSink } from '../tests/support/smtp_sink.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '1025' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`mail-sink: --port must be a port number, got ${values.port}`);
  process.exit(2);
}

let count = 0;
function print(mail) {
  const p = mail.parsed;
  count += 1;
  const lines = [
    `--- mail ${count}, ${new Date().toISOString()}`,
    `From:    ${p.from?.text ?? mail.from}`,
    `To:      ${mail.to.join(', ')}`,
    `Subject: ${p.subject ?? ''}`,
  ];
  for (const a of p.attachments ?? []) lines.push(`Attached: ${a.filename ?? '(no name)'} (${a.contentType}, ${a.size} bytes)`);
  lines.push('', (p.text ?? '').trimEnd(), '');
  process.stdout.write(lines.join('\n') + '\n');
}

const sink = await startSmtpSink({ port, onMail: print }).catch((e) => {
  console.error(`mail-sink: cannot listen on 127.0.0.1:${port}: ${e.message}`);
  process.exit(1);
});
console.log(`mail-sink: listening on ${sink.url}; start kursbase with KURSBASE_SMTP_URL=${sink.url}`);
const stop = () => sink.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
