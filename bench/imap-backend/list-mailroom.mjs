// mailroom: the listing through the shared API. argv[2] = path of the built module; argv[3] =
// pages: 0 (default) = the whole mailbox as one page; N = the first N pages of 50, newest first
// (what a mail client shows, then scrolls: UID SORT once per page, then a FETCH of the page).
import { pathToFileURL } from 'node:url';
import { benchEnv } from '../imap-client/env.mjs';
import { peakRssMB } from '../imap-client/seed.mjs';
import { listingDigest } from './listing-digest.mjs';

const t0 = process.hrtime.bigint();
const { ImapBackend } = await import(pathToFileURL(process.argv[2]).href);
const e = benchEnv();
const backend = new ImapBackend({
  host: e.host,
  port: e.port,
  starttls: 'never',
  auth: { user: e.user, password: e.password, mechanism: 'PLAIN' },
});
const pages = Number(process.argv[3] ?? 0);
const page =
  pages === 0 ? await backend.listEnvelopes(e.mailbox, { pageSize: e.count }) : { envelopes: [] };
for (let p = 1; p <= pages; p++)
  page.envelopes.push(
    ...(await backend.listEnvelopes(e.mailbox, { page: p, pageSize: 50 })).envelopes,
  );
await backend.close();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
let attachments = 0;
for (const env of page.envelopes) {
  if (env.hasAttachment) attachments += 1;
  if (env.from.length === 0 || env.receivedAt === undefined) throw new Error('incomplete envelope');
}
console.log(
  JSON.stringify({
    client: 'mailroom',
    count: page.envelopes.length,
    ms,
    attachments,
    digest: listingDigest(
      page.envelopes.map((m) => ({
        uid: m.id,
        flags: m.flags,
        size: m.size,
        date: m.date,
        messageId: m.messageId,
        attachment: m.hasAttachment,
      })),
    ),
    maxRssMB: peakRssMB(),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
);
