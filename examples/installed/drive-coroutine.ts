/**
 * An I/O-free coroutine (docs/coroutines.md) driven two ways: by driveSync with a scripted
 * performer (as a unit test would), and by drive with the real node:fs performer.
 * Against the installed package; run in CI by test/integration/installed-package.test.ts:
 * tsx drive-coroutine.ts MAILDIR_FOLDER
 */
import { drive, driveSync, type Coroutine, type DirEntry, type FsRequest } from 'mailroom';
import { coroutines } from 'mailroom/maildir';

/** Counts the message files in a Maildir folder's new/ and cur/ — one batched readDir. */
function* countMessages(dir: string): Coroutine<FsRequest, number, unknown> {
  const listings = (yield { type: 'readDir', paths: [`${dir}/new`, `${dir}/cur`] }) as (
    DirEntry[] | null
  )[];
  const files = listings.flatMap((entries) => entries ?? []);
  return files.filter((e) => e.kind === 'file' && !e.name.startsWith('.')).length;
}

// 1. Scripted performer: the test decides every reply and checks every request.
const seen: FsRequest[] = [];
const scripted = driveSync(countMessages('/mail'), (request) => {
  seen.push(request);
  if (request.type !== 'readDir') throw new Error(`unexpected ${request.type}`);
  return [[{ name: 'a', kind: 'file' }], null]; // cur/ missing → null
});
console.log(`scripted: ${scripted} message(s), requests: ${JSON.stringify(seen)}`);

// 2. The real filesystem, through the shared node:fs performer.
const folder = process.argv[2] ?? '.';
console.log(`${folder}: ${await drive(countMessages(folder), coroutines.performFs)} message(s)`);
