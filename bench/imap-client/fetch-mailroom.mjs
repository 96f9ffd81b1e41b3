// mailroom: ENVELOPE+FLAGS+UID for 1:* of the bench mailbox. argv[2] = path of the built module.
import { pathToFileURL } from 'node:url';
import { benchEnv } from './env.mjs';
import { peakRssMB } from './seed.mjs';

const t0 = process.hrtime.bigint();
const { ImapClient } = await import(pathToFileURL(process.argv[2]).href);
const e = benchEnv();
const client = await ImapClient.connect({
  host: e.host,
  port: e.port,
  starttls: 'never',
  auth: { user: e.user, password: e.password, mechanism: 'PLAIN' },
});
await client.examine(e.mailbox);
let count = 0;
let subjectChars = 0;
for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
  count += 1;
  subjectChars += (m.envelope?.subject ?? '').length;
  if (m.uid === undefined || m.flags === undefined) throw new Error('missing uid/flags');
}
await client.logout();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(
  JSON.stringify({
    client: 'mailroom',
    count,
    ms,
    subjectChars,
    maxRssMB: peakRssMB(),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }),
);
