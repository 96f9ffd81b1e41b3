// node-imap (imap 0.8.19): the equivalent listing — ENVELOPE + BODYSTRUCTURE (struct) +
// RFC822.SIZE (it always adds UID FLAGS INTERNALDATE) of 1:*, collected, sorted newest first
// (Date header, then UID), attachments found in the parsed structure. argv[2] = pages: 0 =
// all; N = the first N pages of 50: UID SORT (REVERSE DATE REVERSE ARRIVAL) per page, as
// mailroom does, then a UID FETCH of the page's UIDs, ordered as SORT gave them.
import Imap from 'imap';
import { benchEnv } from '../imap-client/env.mjs';
import { peakRssMB } from '../imap-client/seed.mjs';
import { listingDigest } from './listing-digest.mjs';

const t0 = process.hrtime.bigint();
const e = benchEnv();
const imap = new Imap({
  user: e.user,
  password: e.password,
  host: e.host,
  port: e.port,
  tls: false,
  autotls: 'never',
});
const list = [];
const pages = Number(process.argv[2] ?? 0);
const order = new Map(); // uid → position in the SORT answer (page mode)
let reported = false;
const hasAttachment = (node) =>
  Array.isArray(node)
    ? node.some(hasAttachment)
    : node?.disposition?.type?.toLowerCase() === 'attachment';
const report = () => {
  if (reported) return;
  reported = true;
  const time = (a) => (a.envelope.date instanceof Date ? a.envelope.date.getTime() : 0) || 0;
  if (pages === 0) list.sort((a, b) => time(b) - time(a) || b.uid - a.uid);
  else list.sort((a, b) => order.get(a.uid) - order.get(b.uid));
  let attachments = 0;
  for (const a of list) if (hasAttachment(a.struct)) attachments += 1;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    JSON.stringify({
      client: 'node-imap',
      count: list.length,
      ms,
      attachments,
      digest: listingDigest(
        list.map((a) => ({
          uid: a.uid,
          flags: a.flags,
          size: a.size,
          date: a.envelope.date,
          messageId: a.envelope.messageId,
          attachment: hasAttachment(a.struct),
        })),
      ),
      maxRssMB: peakRssMB(),
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    }),
  );
};
imap.once('ready', () => {
  imap.openBox(e.mailbox, true, (err) => {
    if (err) throw err;
    const fetchAll = (f, done) => {
      f.on('message', (msg) => {
        msg.once('attributes', (a) => list.push(a));
      });
      f.once('error', (error) => {
        console.error(error);
        process.exit(1);
      });
      f.once('end', done);
    };
    if (pages === 0) {
      fetchAll(imap.seq.fetch('1:*', { envelope: true, struct: true, size: true }), () =>
        imap.end(),
      );
      return;
    }
    const page = (p) => {
      if (p > pages) return imap.end();
      imap.sort(['-DATE', '-ARRIVAL'], ['ALL'], (error, uids) => {
        if (error) throw error;
        const slice = uids.slice((p - 1) * 50, p * 50);
        slice.forEach((uid, i) => order.set(uid, (p - 1) * 50 + i));
        fetchAll(imap.fetch(slice, { envelope: true, struct: true, size: true }), () =>
          page(p + 1),
        );
      });
    };
    page(1);
  });
});
imap.once('end', report);
imap.once('close', report);
imap.once('error', (error) => {
  console.error(error);
  process.exit(1);
});
imap.connect();
