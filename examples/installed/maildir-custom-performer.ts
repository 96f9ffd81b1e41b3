/**
 * A Maildir listing under a caller's own performer, against the installed package (no `../src`):
 * the coroutine from `mailroom/maildir`'s `coroutines` asks for every file operation, and this
 * performer answers each one through the package's node:fs performer while counting them. Any
 * other transport (a sandbox, a remote filesystem, a recorded answer) plugs in the same way.
 * Run in CI by test/integration/installed-package.test.ts:  tsx maildir-custom-performer.ts DIR
 */
import { drive, type FsRequest } from 'mailroom';
import { coroutines } from 'mailroom/maildir';

const root = process.argv[2] ?? '.';
const counts: Record<string, number> = {};
const perform = (request: FsRequest): Promise<unknown> => {
  counts[request.type] = (counts[request.type] ?? 0) + 1;
  return coroutines.performFs(request);
};

const page = await drive(
  (function* listing() {
    const store = yield* coroutines.openStore(root);
    return yield* coroutines.listEnvelopes(store, 'INBOX', { pageSize: 3 });
  })(),
  perform,
);
console.log(JSON.stringify({ subjects: page.envelopes.map((e) => e.subject), requests: counts }));
