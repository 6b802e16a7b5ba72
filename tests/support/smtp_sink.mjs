// An SMTP sink for the Node test suites: npm smtp-server on a free loopback
// port takes every mail the real `kursbase serve` sends; mailparser reads it.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { waitFor } from './wait.mjs';

// The private link's token in a mail or SMS text ("…/pamelding/<token>"), or null.
export function tokenIn(text) {
  const m = /\/pamelding\/([A-Za-z0-9_-]{20,})/.exec(text || '');
  return m ? m[1] : null;
}

// Starts the sink. Returns { url, mails, refused, mailsTo(address), tokenFor(address),
// duplicates(), describe(), close() }:
// The environment (for startKursbase's `env`) of a server that mails through
// `sink`, with links in its messages back to itself (or to `publicUrl`) and a
// sign-up limit that no suite signing up from 127.0.0.1 reaches; `more` adds to it.
export function mailingServerEnv(sink, more = {}, publicUrl = null) {
  return (url) => ({
    KURSBASE_SMTP_URL: sink.url,
    KURSBASE_MAIL_FROM: 'Kursbase test <ikke-svar@kursbase.test>',
    KURSBASE_PUBLIC_URL: publicUrl ?? url,
    KURSBASE_SIGN_UP_LIMIT: '1000',
    ...more,
  });
}

// `mails` holds { from, to: [address], parsed, raw } in the order they arrived
// (envelope sender and recipients; `parsed` from mailparser). `delayMs`: how
// long each mail takes to be taken (a slow server keeps a send in flight).
// `refuse(address)`: true refuses that recipient with 550 (a failing send), a
// number with that code (451: try again later). `port`: 0 (a free one) unless
// given; `onMail(mail)` is called with each mail as it is taken (scripts/mail-sink.mjs).
export async function startSmtpSink({ delayMs = 0, refuse = () => false, port = 0,
  onMail = () => {} } = {}) {
  const mails = [];
  const refused = [];  // recipients refused by `refuse`, in order
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, session, callback) {
      const code = refuse(address.address);
      if (!code) return callback();
      refused.push(address.address);
      const err = new Error(`<${address.address}>: mailbox unavailable`);
      err.responseCode = code === true ? 550 : code;
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        try {
          const parsed = await simpleParser(raw);
          const mail = {
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            raw: raw.toString('utf8'),
          };
          mails.push(mail);
          onMail(mail);
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
    smtp.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `smtp://127.0.0.1:${smtp.server.address().port}`,
    mails,
    refused,
    mailsTo: (address) => mails.filter((m) => m.to.includes(address)),
    // The private link of the `nth` mail (1-based; default: the first) to
    // `address` that carries one, waited for: a sign-up's answer never carries
    // it (issue 11), the confirmation does.
    tokenFor: async (address, { nth = 1, deadlineMs = 30000 } = {}) => {
      const tokens = () => mails.filter((m) => m.to.includes(address))
        .map((m) => tokenIn(m.parsed.text)).filter(Boolean);
      await waitFor(() => tokens().length >= nth, `mail ${nth} with a link to ${address}`,
        deadlineMs, () => `got ${mails.length} mails`);
      return tokens()[nth - 1];
    },
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
