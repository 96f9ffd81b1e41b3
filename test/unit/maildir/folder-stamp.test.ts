/**
 * diffEnvelopes' unchanged-folder fast path (src/backends/maildir/folder-stamp.ts): a state
 * stamped with the folder's directory times answers "no change" without listing the folder,
 * every kind of change still shows, and a folder changed within RACY_MS of the clock is never
 * stamped.
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drive } from '../../../src/shared/coroutine.js';
import type { FsRequest } from '../../../src/shared/coroutine.js';
import { MaildirBackend, coroutines } from '../../../src/backends/maildir/index.js';

let root: string;
let backend: MaildirBackend;
const raw = (n: number) => `Message-ID: <${n}@stamp.test>\r\nSubject: s${n}\r\n\r\nbody ${n}\r\n`;

/** Move the folder's directory times an hour back: the folder has been idle since. */
function idle(): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const d of ['new', 'cur']) utimesSync(join(root, d), past, past);
}

/** diffEnvelopes through the public coroutines, counting its requests (not the store's) by type. */
async function diff(state?: string, mailbox = 'INBOX') {
  const store = await drive(coroutines.openStore(root), coroutines.performFs);
  const seen: Record<string, number> = {};
  const result = await drive(
    coroutines.diffEnvelopes(store, mailbox, state),
    (request: FsRequest) => {
      seen[request.type] = (seen[request.type] ?? 0) + 1;
      return coroutines.performFs(request);
    },
  );
  return { result, seen };
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'mailroom-stamp-'));
  backend = new MaildirBackend({ root, create: true });
  for (const n of [1, 2]) await backend.addMessage('INBOX', raw(n));
});
afterEach(async () => {
  await backend.close();
  rmSync(root, { recursive: true, force: true });
});

describe('maildir diffEnvelopes on an idle folder', () => {
  it('answers from the stamp: no listing, the same state back', async () => {
    idle();
    const first = await diff();
    expect(first.result.added).toHaveLength(2);
    expect(first.result.state.startsWith('s')).toBe(true);
    const again = await diff(first.result.state);
    expect(again.result).toEqual({
      added: [],
      removed: [],
      flagsChanged: [],
      reset: false,
      state: first.result.state,
    });
    expect(again.seen.readDir ?? 0).toBe(0);
    expect(again.seen.readFile ?? 0).toBe(0);
  });

  it('sees a new message, a flag change and a removal after the stamp', async () => {
    idle();
    const { state } = (await diff()).result;
    await backend.addMessage('INBOX', raw(3));
    const added = (await diff(state)).result;
    expect(added.added.map((e) => e.subject)).toEqual(['s3']);
    // changed within RACY_MS of the clock: not stamped
    expect(added.state.startsWith('m1.')).toBe(true);

    idle();
    const stamped = (await diff(added.state)).result.state;
    expect(stamped.startsWith('s')).toBe(true);
    const [one] = (await backend.listEnvelopes('INBOX')).envelopes;
    await backend.storeFlags('INBOX', [one!.id], 'add', ['seen']);
    const flagged = (await diff(stamped)).result;
    expect(flagged.flagsChanged).toHaveLength(1);

    idle();
    const before = (await diff(flagged.state)).result.state;
    const cur = readdirSync(join(root, 'cur'));
    rmSync(join(root, 'cur', cur[0]!));
    expect((await diff(before)).result.removed).toHaveLength(1);
  });

  it('a keyword table change alone is seen (dovecot-keywords is in the stamp)', async () => {
    idle();
    const { state } = (await diff()).result;
    writeFileSync(join(root, 'dovecot-keywords'), '0 $label1\n');
    const after = await diff(state);
    expect(after.seen.readDir ?? 0).toBeGreaterThan(0);
  });

  it('a state made for another folder never matches its stamp', async () => {
    await backend.createMailbox(['Other']);
    idle();
    const { state } = (await diff()).result;
    const { result } = await diff(state, 'Other');
    expect(result.reset).toBe(true);
  });
});
