/**
 * The Maildir coroutines driven without a filesystem: a scripted performer answers each request
 * from a recorded reply and records what was asked, so the exact I/O plan is checked.
 */
import { describe, expect, it } from 'vitest';
import { driveSync, type FsRequest } from '../../../src/shared/coroutine.js';
import type { MailError } from '../../../src/shared/errors.js';
import { addMessage } from '../../../src/backends/maildir/messages.js';
import { storeFlags } from '../../../src/backends/maildir/store-flags.js';
import { listEnvelopes } from '../../../src/backends/maildir/listing.js';
import type { StoreContext } from '../../../src/backends/maildir/store.js';

const ctx: StoreContext = { root: '/m', layout: 'maildir++', nextCounter: () => 7 };

type Script = ((req: FsRequest) => unknown)[];

function scripted(script: Script): { perform: (r: FsRequest) => unknown; seen: FsRequest[] } {
  const seen: FsRequest[] = [];
  return {
    seen,
    perform: (req) => {
      seen.push(req);
      const step = script.shift();
      if (step === undefined) throw new Error(`unexpected request ${JSON.stringify(req)}`);
      return step(req);
    },
  };
}

const dir = (...names: string[]) => names.map((name) => ({ name, kind: 'file' as const }));

describe('coroutines with a scripted performer', () => {
  it('addMessage writes into tmp/, allocates a keyword slot first, renames into cur/', () => {
    // No stat of the mailbox first: a missing one shows as ENOENT on the writes (next test).
    const { perform, seen } = scripted([
      () => [new TextEncoder().encode('0 $Junk\n')], // dovecot-keywords: Todo needs a slot
      () => undefined, // writeFile dovecot-keywords.lock (exclusive)
      () => [new TextEncoder().encode('0 $Junk\n')], // re-read under the lock
      () => 1, // now (keyword file unique)
      () => 42,
      () => 'host/a:b',
      () => new Uint8Array([1, 2, 3, 4]),
      () => undefined, // writeFile tmp keywords
      () => [true], // rename keywords into place
      () => [true], // remove the lock
      () => 1_700_000_000_123, // now
      () => 42, // pid
      () => 'host/a:b', // hostname
      () => new Uint8Array([0xab, 0xcd, 0xef, 0x01]), // random
      () => undefined, // writeFile message
      () => [true], // rename tmp → cur
    ]);
    const id = driveSync(
      addMessage(ctx, 'Work', new TextEncoder().encode('Subject: x\r\n\r\nhi'), [
        'seen',
        'Todo',
        'junk',
      ]),
      perform,
    );
    expect(id).toBe('1700000000.M123000P42Q7Rabcdef01.host\\057a\\072b,S=16');
    const writes = seen.filter((r) => r.type === 'writeFile');
    expect(writes.map((w) => w.path)).toEqual([
      '/m/.Work/dovecot-keywords.lock',
      expect.stringMatching(/^\/m\/\.Work\/tmp\/dovecot-keywords\./),
      `/m/.Work/tmp/${id}`,
    ]);
    expect(new TextDecoder().decode(writes[1]?.bytes)).toBe('0 $Junk\n1 Todo\n');
    expect(seen).toContainEqual({
      type: 'remove',
      paths: ['/m/.Work/dovecot-keywords.lock'],
      recursive: false,
    });
    const last = seen[seen.length - 1];
    expect(last).toEqual({
      type: 'rename',
      pairs: [[`/m/.Work/tmp/${id}`, `/m/.Work/cur/${id}:2,Sab`]],
    });
  });

  it('storeFlags re-locates a message another client renamed meanwhile', () => {
    const { perform, seen } = scripted([
      () => [dir('1.a'), dir('2.b:2,S')], // scan new/, cur/
      () => [null], // no dovecot-keywords
      () => [null], // (again: do the flags need keyword slots? no)
      () => [false, true], // 1.a vanished (moved to cur/ by someone), 2.b renamed
      () => [[], dir('1.a:2,S', '2.b:2,FS')], // rescan: someone moved it to cur/ and set S
      () => [true],
    ]);
    driveSync(storeFlags(ctx, 'INBOX', ['1.a', '2.b'], 'add', ['flagged']), perform);
    expect(seen[3]).toEqual({
      type: 'rename',
      pairs: [
        ['/m/new/1.a', '/m/cur/1.a:2,F'],
        ['/m/cur/2.b:2,S', '/m/cur/2.b:2,FS'],
      ],
    });
    // the concurrent Seen is kept, ours is added on top
    expect(seen[5]).toEqual({ type: 'rename', pairs: [['/m/cur/1.a:2,S', '/m/cur/1.a:2,FS']] });
  });

  it('storeFlags reports ERR_NOT_FOUND when the message is gone for good', () => {
    const { perform } = scripted([
      () => [dir('1.a'), []],
      () => [null],
      () => [null],
      () => [false],
      () => [[], []],
    ]);
    expect(() => driveSync(storeFlags(ctx, 'INBOX', ['1.a'], 'add', ['seen']), perform)).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_FOUND' }) as MailError,
    );
  });

  it('listEnvelopes reads a bounded prefix of each file, never whole messages', () => {
    const huge = new TextEncoder().encode(
      'Subject: big\r\nDate: 1 Jan 2020 00:00:00 +0000\r\n\r\n',
    );
    const { perform, seen } = scripted([
      () => [[], dir('1600000000.x,S=99999999:2,S')],
      () => [null],
      () => [huge],
    ]);
    const page = driveSync(listEnvelopes(ctx, 'INBOX', { counts: true }), perform);
    const read = seen.find((r) => r.type === 'readFile' && r.paths[0]?.includes('/cur/'));
    expect(read).toMatchObject({ type: 'readFile', maxBytes: 4 * 1024 });
    expect(page.total).toBe(1);
    expect(page.envelopes[0]).toMatchObject({ subject: 'big', size: 99999999, flags: ['seen'] });
    expect(seen.some((r) => r.type === 'stat')).toBe(false); // ,S= spared the stat
  });
});
