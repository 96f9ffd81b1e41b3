// imapflow 1.7.8: the same fetch through its documented API (compression off: loopback).
import { ImapFlow } from 'imapflow';
import { fetchDigest } from './digest.mjs';
import { benchEnv } from './env.mjs';
import { peakRssMB } from './seed.mjs';

const t0 = process.hrtime.bigint();
const e = benchEnv();
const client = new ImapFlow({
  host: e.host,
  port: e.port,
  secure: false,
  doSTARTTLS: false,
  auth: { user: e.user, pass: e.password },
  logger: false,
  disableCompression: true,
});
await client.connect();
const lock = await client.getMailboxLock(e.mailbox, { readOnly: true });
let count = 0;
let subjectChars = 0;
const records = [];
try {
  for await (const m of client.fetch('1:*', { envelope: true, flags: true, uid: true })) {
    count += 1;
    subjectChars += (m.envelope?.subject ?? '').length;
    if (!m.uid || !m.flags) throw new Error('missing uid/flags');
    const env = m.envelope ?? {};
    records.push({
      uid: m.uid,
      flags: m.flags,
      subject: env.subject ?? '',
      from: env.from,
      to: env.to,
      date: env.date instanceof Date ? env.date.getTime() : null,
      messageId: env.messageId ?? null,
    });
  }
} finally {
  lock.release();
}
await client.logout();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(
  JSON.stringify({
    client: 'imapflow',
    count,
    ms,
    subjectChars,
    digest: fetchDigest(records),
    maxRssMB: peakRssMB(),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
);
