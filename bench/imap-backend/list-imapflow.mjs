// imapflow 1.7.8: the equivalent listing through its documented API — the same FETCH items,
// collected and sorted newest first (Date header, then UID), attachments found in the
// bodystructure the same way (any part with disposition attachment). Compression off: loopback.
import { ImapFlow } from 'imapflow';
import { benchEnv } from '../imap-client/env.mjs';
import { peakRssMB } from '../imap-client/seed.mjs';
import { listingDigest } from './listing-digest.mjs';

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
const list = [];
try {
  const query = {
    uid: true,
    flags: true,
    envelope: true,
    size: true,
    internalDate: true,
    bodyStructure: true,
  };
  for await (const m of client.fetch('1:*', query)) list.push(m);
} finally {
  lock.release();
}
await client.logout();
const time = (m) => m.envelope?.date?.getTime?.() ?? 0;
list.sort((a, b) => time(b) - time(a) || b.uid - a.uid);
const hasAttachment = (node) =>
  node?.disposition === 'attachment' || (node?.childNodes ?? []).some(hasAttachment);
let attachments = 0;
for (const m of list) if (hasAttachment(m.bodyStructure)) attachments += 1;
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(
  JSON.stringify({
    client: 'imapflow',
    count: list.length,
    ms,
    attachments,
    digest: listingDigest(
      list.map((m) => ({
        uid: m.uid,
        flags: [...(m.flags ?? [])],
        size: m.size,
        date: m.envelope?.date,
        messageId: m.envelope?.messageId,
        attachment: hasAttachment(m.bodyStructure),
      })),
    ),
    maxRssMB: peakRssMB(),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
);
