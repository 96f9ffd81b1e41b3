/**
 * WatchOptions.onReady on the IMAP watch (scripted server): called once, after the SELECT and
 * the baseline diff; a change announced right after it is reported; not called again after a
 * reconnect; an error it throws ends the watch with that error, even one that looks retryable.
 */
import { describe, expect, it } from 'vitest';
import type { ImapConfig } from '../../../../src/shared/config.js';
import { MailError } from '../../../../src/shared/errors.js';
import type { WatchEvent } from '../../../../src/shared/types.js';
import { watchMailbox } from '../../../../src/backends/imap/ops/watch.js';
import { FakeMailboxServer, message } from './fake-mailbox.js';

const CONFIG: ImapConfig = { host: 'fake.invalid' };

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const seed = () => [message(1, 'one', 1), message(2, 'two', 2)];

describe('imap watchMailbox onReady', () => {
  for (const capabilities of ['IMAP4rev1 UIDPLUS IDLE', 'IMAP4rev1 UIDPLUS']) {
    it(`is called once after the baseline; a change right after it is reported (${capabilities})`, async () => {
      const server = new FakeMailboxServer(capabilities, seed());
      const controller = new AbortController();
      const verbsAtReady: string[][] = [];
      const events: WatchEvent[] = [];
      const iterable = watchMailbox(
        CONFIG,
        'INBOX',
        {
          signal: controller.signal,
          pollIntervalMs: 5,
          onReady: () => {
            verbsAtReady.push(server.verbs());
            // Another client appends at once; the server reports it on the next IDLE / NOOP.
            server.messages.push(message(3, 'three', 21));
            server.uidNext = 4;
            server.announce(`* ${server.messages.length} EXISTS`);
          },
        },
        () => Promise.resolve(server.connect()),
      );
      const pump = (async () => {
        for await (const e of iterable) events.push(e);
      })();
      try {
        await until('the added event', () => events.length >= 1);
        expect(events.map((e) => e.type === 'added' && e.envelope.subject)).toEqual(['three']);
        expect(verbsAtReady).toHaveLength(1);
        expect(verbsAtReady[0]).toContain('SELECT');
        expect(verbsAtReady[0]).not.toContain('IDLE');
        // Reconnect: the catch-up diff runs, onReady does not.
        server.transports[0]?.destroy(new Error('cut'));
        server.messages.push(message(4, 'four', 22));
        server.uidNext = 5;
        await until('the reconnect diff', () => events.length >= 2);
        expect(server.connections).toBe(2);
        expect(verbsAtReady).toHaveLength(1);
      } finally {
        controller.abort();
        await pump;
      }
    });
  }

  it('an error thrown by onReady ends the watch with it, even a retryable-looking one', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS IDLE', seed());
    const boom = new MailError('ERR_CONNECTION', 'thrown by the caller');
    const iterable = watchMailbox(
      CONFIG,
      'INBOX',
      {
        onReady: () => {
          throw boom;
        },
      },
      () => Promise.resolve(server.connect()),
    );
    await expect(iterable.next()).rejects.toBe(boom);
    expect(server.connections).toBe(1);
    expect(server.verbs()).toContain('LOGOUT');
  });
});
