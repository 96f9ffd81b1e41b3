// node-imap (imap 0.8.19): ENVELOPE (it always adds UID FLAGS INTERNALDATE) for 1:*.
import Imap from 'imap';
import { fetchDigest } from './digest.mjs';
import { benchEnv } from './env.mjs';
import { peakRssMB } from './seed.mjs';

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
let count = 0;
let subjectChars = 0;
const records = [];
const people = (list) =>
  (list ?? []).map((a) => ({
    name: a.name ?? '',
    address: a.host == null ? (a.mailbox ?? '') : `${a.mailbox}@${a.host}`,
  }));
let reported = false;
const report = () => {
  if (reported) return;
  reported = true;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(
    JSON.stringify({
      client: 'node-imap',
      count,
      ms,
      subjectChars,
      digest: fetchDigest(records),
      maxRssMB: peakRssMB(),
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    }),
  );
};
imap.once('ready', () => {
  imap.openBox(e.mailbox, true, (err) => {
    if (err) throw err;
    const f = imap.seq.fetch('1:*', { envelope: true });
    f.on('message', (msg) => {
      msg.once('attributes', (a) => {
        count += 1;
        subjectChars += (a.envelope.subject ?? '').length;
        if (!a.uid || !a.flags) throw new Error('missing uid/flags');
        const env = a.envelope;
        const date = env.date == null ? null : new Date(env.date).getTime();
        records.push({
          uid: a.uid,
          flags: a.flags,
          subject: env.subject ?? '',
          from: people(env.from),
          to: people(env.to),
          date,
          messageId: env.messageId ?? null,
        });
      });
    });
    f.once('error', (error) => {
      console.error(error);
      process.exit(1);
    });
    f.once('end', () => imap.end());
  });
});
imap.once('end', report);
imap.once('close', report);
imap.once('error', (error) => {
  console.error(error);
  process.exit(1);
});
imap.connect();
