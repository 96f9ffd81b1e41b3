/**
 * A JMAP listing driven from recorded HTTP exchanges with driveSync, against the installed
 * package: session discovery (the /.well-known/jmap redirect, RFC 8620 §2.2) and the backend's
 * own `listEnvelopes` operation (Mailbox/get, then Email/query + Email/get), answered from
 * jmap-recording.json (recorded once from Cyrus). No network: the coroutines yield `http`
 * requests and this performer answers them in order, checking each method, URL and the JMAP
 * method calls in the body. Run in CI by test/integration/installed-package.test.ts:
 *   tsx jmap-recorded.ts
 */
import { readFileSync } from 'node:fs';
import { driveSync } from 'mailroom';
import { coroutines } from 'mailroom/jmap';

interface Exchange {
  request: { method: string; url: string; calls: string[] };
  reply: { status: number; headers: Record<string, string>; body: string; url?: string };
}
const recording = JSON.parse(
  readFileSync(new URL('./jmap-recording.json', import.meta.url), 'utf8'),
) as { mailbox: string; exchanges: Exchange[] };

let step = 0;
const perform = (request: coroutines.JmapYield): unknown => {
  if (request.type !== 'http') throw new Error(`this recording has no answer to ${request.type}`);
  const exchange = recording.exchanges[step++];
  if (exchange === undefined) throw new Error('the recording has ended');
  const { method, url, body } = request.request;
  const text =
    typeof body === 'string' ? body : body === undefined ? '' : Buffer.from(body).toString();
  const calls =
    text === ''
      ? []
      : (JSON.parse(text) as { methodCalls: [string][] }).methodCalls.map((c) => c[0]);
  const expected = exchange.request;
  if (method !== expected.method || url !== expected.url || calls.join() !== expected.calls.join())
    throw new Error(
      `unexpected ${method} ${url} ${calls.join()} (recorded: ${expected.method} ${expected.url})`,
    );
  return { ...exchange.reply, body: new TextEncoder().encode(exchange.reply.body) };
};

const page = driveSync(
  (function* () {
    const ctx = yield* coroutines.openContext('http://127.0.0.1:8080', 'Basic dGVzdA==');
    return yield* coroutines.listEnvelopes(ctx, recording.mailbox, { pageSize: 2 });
  })(),
  perform,
);
console.log(
  JSON.stringify({
    subjects: page.envelopes.map((e) => e.subject),
    from: page.envelopes.map((e) => e.from?.[0]?.email),
    exchanges: step,
  }),
);
