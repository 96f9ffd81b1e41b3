// mailroom: ENVELOPE+FLAGS+UID for 1:* of the bench mailbox. argv[2] = path of the built module;
// argv[3] = 'decoded' (default: subjects and display names RFC 2047-decoded with the library's
// decoder and dates parsed to instants, as imapflow and node-imap hand them out) or 'raw' (the
// envelope as ImapClient.fetch gives it, no decoding anywhere).
import { pathToFileURL } from 'node:url';
import { fetchDigest } from './digest.mjs';
import { benchEnv } from './env.mjs';
import { peakRssMB } from './seed.mjs';

const t0 = process.hrtime.bigint();
const { ImapClient, decodeEncodedWords, parseMailDate } = await import(
  pathToFileURL(process.argv[2]).href
);
const decoded = (process.argv[3] ?? 'decoded') === 'decoded';
const e = benchEnv();
const client = await ImapClient.connect({
  host: e.host,
  port: e.port,
  starttls: 'never',
  auth: { user: e.user, password: e.password, mechanism: 'PLAIN' },
});
await client.examine(e.mailbox);
const text = decoded ? (s) => decodeEncodedWords(s ?? '') : (s) => s ?? '';
const people = (list) =>
  (list ?? []).map((a) => ({
    name: text(a.name),
    address: a.host == null ? (a.mailbox ?? '') : `${a.mailbox}@${a.host}`,
  }));
const records = [];
let subjectChars = 0;
for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
  if (m.uid === undefined || m.flags === undefined) throw new Error('missing uid/flags');
  const env = m.envelope ?? {};
  const subject = text(env.subject);
  subjectChars += subject.length;
  records.push({
    uid: m.uid,
    flags: m.flags,
    subject,
    from: people(env.from),
    to: people(env.to),
    date: decoded ? (parseMailDate(env.date ?? undefined)?.getTime() ?? null) : (env.date ?? null),
    messageId: env.messageId ?? null,
  });
}
await client.logout();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(
  JSON.stringify({
    client: decoded ? 'mailroom' : 'mailroom (raw)',
    count: records.length,
    ms,
    subjectChars,
    digest: fetchDigest(records),
    maxRssMB: peakRssMB(),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
);
