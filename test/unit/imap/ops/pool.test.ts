/**
 * ImapPool: each call gets a link (connection + its own selected mailbox) for its whole
 * duration; up to poolSize connections open lazily; beyond that calls wait in order; a call
 * aborted while waiting never starts; close() fails waiting and later calls.
 */
import { describe, expect, it } from 'vitest';
import type { ImapConnection } from '../../../../src/backends/imap/client/connection.js';
import { ImapPool } from '../../../../src/backends/imap/ops/link.js';
import { listEnvelopes as listEnvelopesOp } from '../../../../src/backends/imap/ops/envelopes.js';
import { isMailError } from '../../../../src/shared/errors.js';
import { FakeMailboxServer, message } from './fake-mailbox.js';
import { viaLink } from './via-link.js';

const listEnvelopes = viaLink(listEnvelopesOp);

function deferred() {
  let release: () => void = () => undefined;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

function pool(poolSize: number) {
  const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS', [
    message(1, 'one', 1),
    message(2, 'two', 2),
  ]);
  const p = new ImapPool({ host: 'fake.invalid', poolSize }, () =>
    Promise.resolve(server.connect()),
  );
  return { server, pool: p };
}

describe('ImapPool', () => {
  it('poolSize 2: two concurrent calls run on two connections', async () => {
    const { server, pool: p } = pool(2);
    const hold = deferred();
    const used: ImapConnection[] = [];
    const slow = p.run(async (link) => {
      used.push(await link.connection());
      await hold.promise; // a long FETCH, say
    });
    const quick = p.run(async (link) => {
      used.push(await link.connection());
      return listEnvelopes(link, 'INBOX');
    });
    const page = await quick; // finishes while the first call still holds its connection
    expect(page.total).toBe(2);
    hold.release();
    await slow;
    expect(server.connections).toBe(2);
    expect(p.opened).toBe(2);
    expect(used[0]).not.toBe(used[1]);
  });

  it('poolSize 1 (default): calls take turns on one connection, selections never interleave', async () => {
    const { server, pool: p } = pool(1);
    await Promise.all([
      p.run((link) => listEnvelopes(link, 'INBOX')),
      p.run((link) => listEnvelopes(link, 'Work')),
    ]);
    expect(server.connections).toBe(1);
    expect(server.commands.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual([
      'SELECT INBOX',
      'UID SEARCH',
      'UID FETCH',
      'SELECT Work',
      'UID SEARCH',
      'UID FETCH',
    ]);
  });

  it('a third call waits for a free connection instead of opening more than poolSize', async () => {
    const { server, pool: p } = pool(2);
    const holds = [deferred(), deferred()];
    const started = [deferred(), deferred()];
    const order: string[] = [];
    const busy = holds.map((h, i) =>
      p.run(async (link) => {
        await link.connection();
        order.push(`start ${i}`);
        started[i]?.release();
        await h.promise;
        order.push(`end ${i}`);
      }),
    );
    const third = p.run(async () => {
      order.push('start 2');
    });
    // both connections are busy (an event, not a sleep): the third call is still waiting
    await Promise.all(started.map((s) => s.promise));
    expect(order).toEqual(['start 0', 'start 1']);
    holds[1]?.release();
    await third;
    expect(order).toEqual(['start 0', 'start 1', 'end 1', 'start 2']);
    holds[0]?.release();
    await Promise.all(busy);
    expect(server.connections).toBe(2);
  });

  it('a call aborted while it waits for a connection never starts', async () => {
    const { pool: p } = pool(1);
    const hold = deferred();
    const first = p.run(() => hold.promise);
    const controller = new AbortController();
    let ran = false;
    const second = p
      .run(async () => {
        ran = true;
      }, controller.signal)
      .catch((e: unknown) => e);
    controller.abort();
    hold.release();
    await first;
    expect(isMailError(await second, 'ERR_ABORTED')).toBe(true);
    expect(ran).toBe(false);
    // the connection is free again afterwards
    await expect(p.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('close() fails the calls still waiting and every later call', async () => {
    const { pool: p } = pool(1);
    const hold = deferred();
    const first = p.run(async (link) => {
      await link.connection();
      await hold.promise;
    });
    const waiting = p.run(async () => 'never').catch((e: unknown) => e);
    const closing = p.close();
    expect(isMailError(await waiting, 'ERR_CONNECTION_CLOSED')).toBe(true);
    hold.release();
    await first.catch(() => undefined);
    await closing;
    const later = await p.run(async () => 'never').catch((e: unknown) => e);
    expect(isMailError(later, 'ERR_CONNECTION_CLOSED')).toBe(true);
  });
});
