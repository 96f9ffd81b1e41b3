/**
 * An m2dir listing under a caller's own performer, against the installed package (no `../src`):
 * the coroutines from `mailroom/m2dir`'s `coroutines` ask for every file operation, and this
 * performer answers each one through the package's node:fs performer while counting them.
 * Run in CI by test/integration/installed-package.test.ts:  tsx m2dir-custom-performer.ts ROOT
 */
import { drive, type FsRequest } from 'mailroom';
import { coroutines } from 'mailroom/m2dir';

const counts: Record<string, number> = {};
const perform = (request: FsRequest): Promise<unknown> => {
  counts[request.type] = (counts[request.type] ?? 0) + 1;
  return coroutines.performFs(request);
};

const page = await drive(
  (function* listing() {
    const root = yield* coroutines.openStore(process.argv[2] ?? '.');
    const boxes = yield* coroutines.listMailboxes(root, true);
    const inbox = yield* coroutines.listEnvelopes(root, 'INBOX', { pageSize: 2 });
    return { boxes: boxes.map((b) => [b.id, b.total]), inbox };
  })(),
  perform,
);
console.log(
  JSON.stringify({
    boxes: page.boxes,
    total: page.inbox.total,
    subjects: page.inbox.envelopes.map((e) => e.subject),
    requests: counts,
  }),
);
