// The floor: a minimal hand-written undici client doing the same two method calls as
// listEnvelopes (Email/query, then Email/get in maxObjectsInGet chunks) with no validation and
// no mapping. Child process; prints {count, opMs, check} (check: digest.mjs, after the clock).
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { basic, target } from './common.mjs';
import { emailDigest } from './digest.mjs';

const agent = new Agent({ keepAliveTimeout: 30_000 });
const auth = basic(target);

async function get(url) {
  let current = new URL('/.well-known/jmap', url).href;
  for (;;) {
    const r = await request(current, { headers: { authorization: auth }, dispatcher: agent });
    if (r.statusCode >= 300 && r.statusCode < 400) {
      await r.body.dump();
      current = new URL(r.headers.location, current).href;
      continue;
    }
    return { url: current, json: await r.body.json() };
  }
}

async function call(apiUrl, methodCalls) {
  const r = await request(apiUrl, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
      methodCalls,
    }),
    dispatcher: agent,
  });
  return (await r.body.json()).methodResponses;
}

const { url, json: session } = await get(target.url);
const apiUrl = new URL(session.apiUrl, url).href;
const accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'];
const perGet = session.capabilities['urn:ietf:params:jmap:core'].maxObjectsInGet;
const boxes = await call(apiUrl, [['Mailbox/get', { accountId, properties: ['name'] }, 'm']]);
const mailboxId = boxes[0][1].list.find((b) => b.name === target.mailbox).id;
const properties = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'hasAttachment',
  'preview',
];

const started = performance.now();
const [[, query]] = await call(apiUrl, [
  [
    'Email/query',
    {
      accountId,
      filter: { inMailbox: mailboxId },
      sort: [
        { property: 'sentAt', isAscending: false },
        { property: 'receivedAt', isAscending: false },
      ],
      position: 0,
      limit: target.count,
    },
    'q',
  ],
]);
const calls = [];
for (let i = 0; i < query.ids.length; i += perGet) {
  calls.push([
    'Email/get',
    { accountId, ids: query.ids.slice(i, i + perGet), properties },
    `g${i}`,
  ]);
}
const got = await call(apiUrl, calls);
const count = got.reduce((n, [, r]) => n + r.list.length, 0);
const opMs = performance.now() - started;
// Email/get answers in any order within a call: the listing order is the query's.
const byId = new Map(got.flatMap(([, r]) => r.list).map((m) => [m.id, m]));
const check = emailDigest(query.ids.map((id) => byId.get(id)).filter((m) => m !== undefined));
console.log(JSON.stringify({ count, opMs, check }));
await agent.close();
