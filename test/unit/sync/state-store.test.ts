/**
 * The state directory (docs/sync.md "State and crash safety"): a torn last journal line is
 * ignored, "done" records after the snapshot are replayed (and only those), a lock held by a
 * live process refuses, a lock left by a dead one is taken over, and a corrupt state.json is
 * rebuilt from scratch without duplicating anything.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { Sync } from '../../../src/sync/index.js';
import { StateStore } from '../../../src/sync/state-store.js';
import { emptyState } from '../../../src/sync/state.js';
import { MemoryBackend } from '../../scenarios/memory-backend.js';
import { add, view } from '../../sync/helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mailroom-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('StateStore', () => {
  it('replays done records after the snapshot and ignores a torn last line', () => {
    const store = StateStore.open(dir);
    store.load();
    const state = emptyState();
    store.commit(state); // seq 0
    store.append({ t: 'intent', changes: [] });
    store.append({ t: 'done', changes: [], result: { id: 'x' } });
    store.close();
    appendFileSync(join(dir, 'journal'), '{"n":3,"t":"done","chan'); // killed mid-write
    const again = StateStore.open(dir);
    const { journal } = again.load();
    expect(journal.map((r) => [r.n, r.t])).toEqual([
      [1, 'intent'],
      [2, 'done'],
    ]);
    again.commit(state);
    expect(readFileSync(join(dir, 'journal'), 'utf8')).toBe('');
    expect(again.load().journal).toEqual([]);
    again.close();
  });

  it('refuses a lock held by a live process and takes over one left by a dead process', () => {
    writeFileSync(join(dir, 'lock'), `${process.pid} ${hostname()}\n`);
    expect(() => StateStore.open(dir)).toThrow(expect.objectContaining({ code: 'ERR_LOCKED' }));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'lock'), `${dead.stdout.toString()} ${hostname()}\n`);
    const store = StateStore.open(dir);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${process.pid} ${hostname()}\n`);
    store.close();
  });

  it('a corrupt state.json is rebuilt by content key, with no duplicates', async () => {
    const remote = new MemoryBackend('remote');
    const local = new MaildirBackend({ root: join(dir, 'md'), create: true });
    for (let i = 0; i < 5; i++) await add(remote, 'INBOX', `m${i}`);
    const stateDir = join(dir, 'state');
    await new Sync({ remote, local, stateDir }).run();
    writeFileSync(join(stateDir, 'state.json'), '{"seq": 3, "state": {"vers');
    const report = await new Sync({ remote, local, stateDir }).run();
    expect(report.counts).toEqual({});
    expect(await view(local)).toEqual(await view(remote));
  });
});
