// Fill the bench mailbox to target.count messages (idempotent: only the missing ones are added).
// Measured on the 2-core box: JMAP upload + Email/import ≈ 11 msg/s and LMTP ≈ 12 msg/s (Cyrus
// commits each message), IMAP MULTIAPPEND (RFC 3502, one commit per batch) ≈ 120 msg/s — so
// seeding uses MULTIAPPEND with LITERAL+ in batches of 250. The messages and flags are the
// benchmarks' realistic corpus (bench/corpus/realistic.mjs, seed 42).
import { performance } from 'node:perf_hooks';
import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { realisticCorpus } from '../corpus/realistic.mjs';
import { basic, target } from './common.mjs';

const agent = new Agent({ keepAliveTimeout: 5_000 });
async function mailboxCount() {
  let url = new URL('/.well-known/jmap', target.url).href;
  let r = await request(url, { headers: { authorization: basic(target) }, dispatcher: agent });
  while (r.statusCode >= 300 && r.statusCode < 400) {
    await r.body.dump();
    url = new URL(r.headers.location, url).href;
    r = await request(url, { headers: { authorization: basic(target) }, dispatcher: agent });
  }
  const session = await r.body.json();
  const accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'];
  const api = await request(new URL(session.apiUrl, url).href, {
    method: 'POST',
    headers: { authorization: basic(target), 'content-type': 'application/json' },
    body: JSON.stringify({
      using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
      methodCalls: [['Mailbox/get', { accountId, properties: ['name', 'totalEmails'] }, 'm']],
    }),
    dispatcher: agent,
  });
  const box = (await api.body.json()).methodResponses[0][1].list.find(
    (b) => b.name === target.mailbox,
  );
  return box?.totalEmails;
}

/** A tiny IMAP client: send one command, wait for its tagged reply. */
function imap() {
  const socket = connect({ host: target.imapHost, port: target.imapPort });
  let buffer = '';
  const waiters = [];
  socket.on('data', (d) => {
    buffer += d.toString('latin1');
    for (const w of [...waiters]) w();
  });
  const until = (re) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(buffer);
        if (m === null) return;
        waiters.splice(waiters.indexOf(check), 1);
        buffer = '';
        if (!/ OK/.test(m[0])) reject(new Error(m[0]));
        else resolve(m[0]);
      };
      waiters.push(check);
      check();
    });
  return {
    greeting: until(/^\* OK.*\r\n/m),
    command: (tag, bytes) => {
      socket.write(bytes);
      return until(new RegExp(`^${tag} (OK|NO|BAD).*\\r\\n`, 'm'));
    },
    close: () => socket.end(),
  };
}

const have = await mailboxCount();
const missing = target.count - (have ?? 0);
if (missing <= 0) {
  console.log(`bench mailbox ${target.mailbox} already holds ${have} messages`);
} else {
  const started = performance.now();
  const conn = imap();
  await conn.greeting;
  const q = (s) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  await conn.command('l', `l LOGIN ${q(target.user)} ${q(target.password)}\r\n`);
  if (have === undefined) await conn.command('c', `c CREATE ${q(target.mailbox)}\r\n`);
  const messages = realisticCorpus(target.count, 42);
  for (let skip = have ?? 0; skip > 0; skip--) messages.next(); // resume after the ones it has
  for (let start = have ?? 0, n = 0; start < target.count; start += 250, n++) {
    const parts = [Buffer.from(`a${n} APPEND ${q(target.mailbox)}`)];
    for (let i = start; i < Math.min(start + 250, target.count); i++) {
      const { message: raw, flags } = messages.next().value;
      parts.push(Buffer.from(` (${flags.join(' ')}) {${raw.length}+}\r\n`), raw);
    }
    parts.push(Buffer.from('\r\n'));
    await conn.command(`a${n}`, Buffer.concat(parts));
  }
  conn.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `seeded ${missing} messages in ${seconds.toFixed(1)} s (${Math.round(missing / seconds)} msg/s)`,
  );
}
await agent.close();
