/**
 * Convergence property (docs/sync.md "Guarantees"): random operations on both sides between
 * syncs — new mail, deletions, flag changes, moves, new mailboxes — and after two syncs the sides
 * hold the same messages with the same flags, and a third sync plans nothing. Bounded: 40 runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import type { Backend } from '../../../src/shared/backend.js';
import { Sync } from '../../../src/sync/index.js';
import { MemoryBackend } from '../../scenarios/memory-backend.js';
import { add, mailboxId, view } from '../../sync/helpers.js';

type Op =
  | { kind: 'add'; side: number; box: number; flags: string[] }
  | { kind: 'delete'; side: number; box: number; pick: number }
  | { kind: 'flag'; side: number; box: number; pick: number; flag: string; on: boolean }
  | { kind: 'move'; side: number; box: number; pick: number; to: number }
  | { kind: 'sync' };

const BOXES = ['INBOX', 'Archive', 'Lists'];
const FLAGS = ['seen', 'flagged', 'answered', 'Work'];

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    side: fc.nat(1),
    box: fc.nat(2),
    flags: fc.subarray(FLAGS),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    side: fc.nat(1),
    box: fc.nat(2),
    pick: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('flag' as const),
    side: fc.nat(1),
    box: fc.nat(2),
    pick: fc.nat(),
    flag: fc.constantFrom(...FLAGS),
    on: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    side: fc.nat(1),
    box: fc.nat(2),
    pick: fc.nat(),
    to: fc.nat(2),
  }),
  fc.constant({ kind: 'sync' as const }),
);

async function pick(backend: Backend, box: string, n: number): Promise<string | undefined> {
  const ids = (await backend.diffEnvelopes!(await mailboxId(backend, box))).added.map((e) => e.id);
  return ids.length === 0 ? undefined : ids.sort()[n % ids.length];
}

async function perform(sides: Backend[], o: Exclude<Op, { kind: 'sync' }>): Promise<void> {
  const backend = sides[o.side] as Backend;
  const box = BOXES[o.box] as string;
  if (o.kind === 'add') {
    await add(backend, box, `random ${Math.random().toString(36).slice(2)}`, o.flags);
    return;
  }
  const id = await pick(backend, box, o.pick);
  if (id === undefined) return;
  const boxId = await mailboxId(backend, box);
  if (o.kind === 'delete') await backend.deleteMessages!(boxId, [id]);
  else if (o.kind === 'flag')
    await backend.storeFlags!(boxId, [id], o.on ? 'add' : 'remove', [o.flag]);
  else if (o.to !== o.box)
    await backend.moveMessages!(boxId, [id], await mailboxId(backend, BOXES[o.to] as string));
}

describe('sync convergence (memory ↔ Maildir)', () => {
  it('two syncs make the sides equal and a third plans nothing', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'mailroom-prop-'));
        try {
          const remote = new MemoryBackend('remote');
          const local = new MaildirBackend({ root: join(dir, 'local'), create: true });
          await remote.createMailbox(['Archive']);
          await local.createMailbox(['Lists']);
          const sync = () =>
            new Sync({
              remote,
              local,
              stateDir: join(dir, 'state'),
              deleteGuard: { minimum: 1000 },
            });
          await sync().run();
          for (const o of ops) {
            if (o.kind === 'sync') await sync().run();
            else await perform([remote, local], o);
          }
          await sync().run();
          await sync().run();
          expect(await view(local)).toEqual(await view(remote));
          expect((await sync().plan()).changes).toEqual([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
