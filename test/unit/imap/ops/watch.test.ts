/**
 * watchMailbox over a scripted server: NOOP polling without IDLE (and no re-diff on a quiet
 * poll), IDLE wake-ups, a notification that arrives while a diff runs (must not be lost until
 * the next change), reconnect after a cut connection (changes made meanwhile reported once),
 * and failures on the very first connection surfacing instead of retrying forever.
 */
import { describe, expect, it } from 'vitest';
import type { ImapConfig } from '../../../../src/shared/config.js';
import { MailError, isMailError } from '../../../../src/shared/errors.js';
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

function start(server: FakeMailboxServer, pollIntervalMs = 5) {
  const controller = new AbortController();
  const out = { events: [] as string[], failure: undefined as unknown, done: false };
  const summary = (e: WatchEvent): string =>
    e.type === 'added'
      ? `added ${e.envelope.id} ${e.envelope.subject}`
      : e.type === 'removed'
        ? `removed ${e.id}`
        : e.type === 'flags-changed'
          ? `flags ${e.id} ${e.flags.join(',')}`
          : 'reset';
  const iterable = watchMailbox(
    CONFIG,
    'INBOX',
    { signal: controller.signal, pollIntervalMs },
    () => Promise.resolve(server.connect()),
  );
  void (async () => {
    try {
      for await (const e of iterable) out.events.push(summary(e));
    } catch (error) {
      out.failure = error;
    } finally {
      out.done = true;
    }
  })();
  const stop = async (): Promise<void> => {
    controller.abort();
    await until('the watch to end', () => out.done);
  };
  return { out, stop };
}

/** Another client appends a message: the mailbox changes and the server says EXISTS. */
function remoteAdd(server: FakeMailboxServer, uid: number, subject: string): void {
  server.messages.push(message(uid, subject, 21));
  server.uidNext = uid + 1;
  server.announce(`* ${server.messages.length} EXISTS`);
}

const count = (server: FakeMailboxServer, verb: string): number =>
  server.verbs().filter((v) => v === verb).length;

const seed = () => [message(1, 'one', 1), message(2, 'two', 2)];

describe('imap watchMailbox without IDLE', () => {
  it('polls with NOOP and diffs only when a poll reports a change', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS', seed());
    const { out, stop } = start(server);
    try {
      await until('a few quiet polls', () => count(server, 'NOOP') >= 3);
      expect(count(server, 'SELECT')).toBe(1); // the baseline only
      remoteAdd(server, 3, 'three');
      await until('the added event', () => out.events.length >= 1);
      const message1 = server.messages[0];
      if (message1 !== undefined) message1.flags = ['\\Flagged'];
      server.announce('* 1 FETCH (FLAGS (\\Flagged))');
      await until('the flag event', () => out.events.length >= 2);
      await until('more quiet polls', () => count(server, 'NOOP') >= 8);
      expect(out.events).toEqual(['added 3 three', 'flags 1 flagged']);
      expect(count(server, 'SELECT')).toBe(3);
      expect(server.verbs()).not.toContain('IDLE');
    } finally {
      await stop();
    }
    expect(out.failure).toBeUndefined();
  });
});

describe('imap watchMailbox with IDLE', () => {
  it('wakes from IDLE on EXISTS and reports the new message once', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS IDLE', seed());
    const { out, stop } = start(server);
    try {
      await until('IDLE', () => count(server, 'IDLE') === 1);
      remoteAdd(server, 3, 'three');
      await until('the added event', () => out.events.length >= 1);
      await until('the next IDLE', () => count(server, 'IDLE') === 2);
      expect(out.events).toEqual(['added 3 three']);
      expect(count(server, 'NOOP')).toBe(1); // the one that ended the IDLE
    } finally {
      await stop();
    }
    expect(out.failure).toBeUndefined();
  });

  it('a change announced while a diff runs is reported without waiting for another one', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS IDLE', seed());
    let sneaked = false;
    server.onCommand = (command) => {
      // the envelope FETCH of message 3: message 4 arrives now and rides on this response
      if (!sneaked && /^UID FETCH 3 .*ENVELOPE/.test(command)) {
        sneaked = true;
        remoteAdd(server, 4, 'four');
      }
    };
    const { out, stop } = start(server);
    try {
      await until('IDLE', () => count(server, 'IDLE') === 1);
      remoteAdd(server, 3, 'three');
      await until('both added events', () => out.events.length >= 2, 2000);
      expect(sneaked).toBe(true);
      expect(out.events).toEqual(['added 3 three', 'added 4 four']);
    } finally {
      await stop();
    }
  });
});

describe('imap watchMailbox reconnect', () => {
  it('after a cut connection it reconnects and reports what changed meanwhile, once', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS IDLE', seed());
    const { out, stop } = start(server);
    try {
      await until('IDLE', () => count(server, 'IDLE') === 1);
      server.transports[0]?.destroy(new Error('server restart'));
      // changes while the watcher is away: nobody announces them
      server.messages.push(message(3, 'three', 21));
      server.uidNext = 4;
      server.messages = server.messages.filter((m) => m.uid !== 1);
      const two = server.messages[0];
      if (two !== undefined) two.flags = ['\\Seen'];
      await until('the reconnect diff', () => out.events.length >= 3, 5000);
      await until('IDLE on the new connection', () => count(server, 'IDLE') === 2);
      expect(server.connections).toBe(2);
      expect(out.events).toEqual(['added 3 three', 'removed 1', 'flags 2 seen']);
    } finally {
      await stop();
    }
    expect(out.failure).toBeUndefined();
  });

  it('retries a temporary [UNAVAILABLE] refusal on reconnect, then reports the change', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS IDLE', seed());
    const opens: string[] = [];
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    const iterable = watchMailbox(CONFIG, 'INBOX', { signal: controller.signal }, () => {
      opens.push(opens.length === 1 ? 'unavailable' : 'ok');
      if (opens.length === 2)
        return Promise.reject(
          new MailError('ERR_AUTH', 'authentication failed: try later', {
            details: { code: 'UNAVAILABLE' },
          }),
        );
      return Promise.resolve(server.connect());
    });
    const pump = (async () => {
      for await (const e of iterable) events.push(e);
    })();
    try {
      await until('IDLE', () => count(server, 'IDLE') === 1);
      server.transports[0]?.destroy(new Error('cut'));
      server.messages.push(message(3, 'three', 21));
      server.uidNext = 4;
      await until('the reconnect diff', () => events.length >= 1, 5000);
      expect(opens).toEqual(['ok', 'unavailable', 'ok']);
      expect(events.map((e) => e.type)).toEqual(['added']);
    } finally {
      controller.abort();
      await pump;
    }
  });

  it('a failure on the very first connection is thrown, not retried', async () => {
    let attempts = 0;
    const iterable = watchMailbox(CONFIG, 'INBOX', {}, () => {
      attempts += 1;
      return Promise.reject(new MailError('ERR_CONNECTION', 'connection refused'));
    });
    const error = await iterable.next().catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_CONNECTION')).toBe(true);
    expect(attempts).toBe(1);
  });

  it('a mailbox the server does not have is ERR_NOT_FOUND', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 IDLE', seed());
    server.onCommand = (command) => {
      if (command.startsWith('SELECT')) server.rejectNext = '[NONEXISTENT] no such mailbox';
    };
    const iterable = watchMailbox(CONFIG, 'Nope', {}, () => Promise.resolve(server.connect()));
    const error = await iterable.next().catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_NOT_FOUND')).toBe(true);
  });

  it('rejects a pollIntervalMs that is not a positive number', async () => {
    const iterable = watchMailbox(CONFIG, 'INBOX', { pollIntervalMs: 0 }, () =>
      Promise.reject(new Error('must not connect')),
    );
    const error = await iterable.next().catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_INVALID_ARGUMENT')).toBe(true);
  });
});
