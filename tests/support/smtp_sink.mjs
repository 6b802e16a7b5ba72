// An SMTP sink for the Node test suites: npm smtp-server on a free loopback
// port takes every mail the real `kursbase serve` sends; mailparser reads it.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

// Starts the sink. Returns { url, mails, mailsTo(address), duplicates(), describe(), close() }:
// `mails` holds { from, to: [address], parsed, raw } in the order they arrived
// (envelope sender and recipients; `parsed` from mailparser). `delayMs`: how
// long each mail takes to be taken (a slow server keeps a send in flight).
export async function startSmtpSink({ delayMs = 0 } = {}) {
  const mails = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        try {
          const parsed = await simpleParser(raw);
          mails.push({
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            raw: raw.toString('utf8'),
          });
          if (delayMs > 0) setTimeout(callback, delayMs);
          else callback();
        } catch (e) {
          callback(e);
        }
      });
    },
  });
  await new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `smtp://127.0.0.1:${smtp.server.address().port}`,
    mails,
    mailsTo: (address) => mails.filter((m) => m.to.includes(address)),
    // Mails whose Message-ID arrived before: { id: times } for each seen more than once.
    duplicates: () => {
      const counts = new Map();
      for (const m of mails) counts.set(m.parsed.messageId, (counts.get(m.parsed.messageId) || 0) + 1);
      return Object.fromEntries([...counts].filter(([, n]) => n > 1));
    },
    // What arrived, for a failure message.
    describe: () => `got ${mails.length} mails: ${
      mails.map((m) => `${m.to} "${m.parsed.subject}"`).join('; ')}`,
    close: () => new Promise((r) => smtp.close(r)),
  };
}
