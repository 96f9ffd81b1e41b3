import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffEnvelopes } from '../../../src/backends/jmap/diff.js';
import { listEnvelopes } from '../../../src/backends/jmap/envelopes.js';
import { listMailboxes } from '../../../src/backends/jmap/mailboxes.js';
import { discoverSession } from '../../../src/backends/jmap/session.js';
import type { JmapCo } from '../../../src/backends/jmap/http.js';
import { driveSync } from '../../../src/shared/coroutine.js';
import { MailError } from '../../../src/shared/errors.js';
import { context, cyrusSession, MAILBOXES } from './replay.js';

/** Answer every request with the next generated body (then a last resort empty 200). */
function runWith(co: JmapCo<unknown>, answers: { status: number; body: string }[]): unknown {
  const queue = [...answers];
  try {
    driveSync(co, (r) => {
      if (r.type === 'wait') return undefined;
      const next = queue.shift() ?? { status: 200, body: '' };
      return { status: next.status, headers: {}, body: new TextEncoder().encode(next.body) };
    });
    return undefined;
  } catch (error) {
    return error;
  }
}

const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constant(JSON.stringify(cyrusSession)),
  fc.constant(
    JSON.stringify({ methodResponses: [['Mailbox/get', { state: 's', list: MAILBOXES }, 'm']] }),
  ),
  fc.jsonValue().map((v) =>
    JSON.stringify({
      methodResponses: [
        ['Email/query', v, 'q'],
        ['Email/get', v, 'g'],
      ],
    }),
  ),
);
const answer = fc.record({
  status: fc.constantFrom(200, 200, 200, 201, 301, 401, 404, 500),
  body: jsonish,
});

describe('hostile or broken servers', () => {
  it('every failure is a MailError, never a TypeError or a hang', () => {
    const operations = [
      () => discoverSession('http://x.example', 'Bearer t'),
      () => listMailboxes(context(), true),
      () => listEnvelopes(context(), 'INBOX', { pageSize: 5 }),
      () => diffEnvelopes(context(), 'INBOX', undefined),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...operations),
        fc.array(answer, { maxLength: 6 }),
        (make, answers) => {
          const error = runWith(make() as JmapCo<unknown>, answers);
          if (error !== undefined) expect(error).toBeInstanceOf(MailError);
        },
      ),
      { numRuns: 400 },
    );
  });
});
