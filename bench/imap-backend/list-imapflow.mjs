// imapflow 1.7.8: the equivalent listing through its documented API — the same FETCH items,
// collected and sorted newest first (Date header, then UID), attachments found in the
// bodystructure the same way (any part with disposition attachment). Compression off: loopback.
// argv[2] = pages: 0 = all; N = the first N pages of 50. imapflow has no SORT: per page it
// fetches UID + ENVELOPE of 1:* (the Date), orders newest first, then fetches the page's UIDs.
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
  const pages = Number(process.argv[2] ?? 0);
  if (pages === 0) for await (const m of client.fetch('1:*', query)) list.push(m);
  for (let p = 1; p <= pages; p++) {
    const dates = [];
    for await (const m of client.fetch('1:*', { uid: true, envelope: true })) dates.push(m);
    const t = (m) => m.envelope?.date?.getTime?.() ?? 0;
    dates.sort((a, b) => t(b) - t(a) || b.uid - a.uid);
    const uids = dates.slice((p - 1) * 50, p * 50).map((m) => m.uid);
    const got = [];
    for await (const m of client.fetch(uids.join(','), query, { uid: true })) got.push(m);
    got.sort((a, b) => uids.indexOf(a.uid) - uids.indexOf(b.uid));
    list.push(...got);
  }
} finally {
  lock.release();
}
await client.logout();
const time = (m) => m.envelope?.date?.getTime?.() ?? 0;
if (Number(process.argv[2] ?? 0) === 0) list.sort((a, b) => time(b) - time(a) || b.uid - a.uid);
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
