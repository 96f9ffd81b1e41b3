// Child process: mailroom listEnvelopes, newest first: the whole folder as one page by default,
// or the first page of PAGE_SIZE (3rd argument) — what `mailroom list` shows; a 4th argument
// `cache` turns on the per-folder header cache (headerCache: true).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
const [dist, root, pageSize = '1000000', cache = ''] = process.argv.slice(2);
const { MaildirBackend } = await import(pathToFileURL(`${dist}/backends/maildir/index.js`).href);
const started = performance.now();
const page = await new MaildirBackend({
  root,
  layout: 'maildir++',
  ...(cache === 'cache' ? { headerCache: true } : {}),
}).listEnvelopes('INBOX', {
  pageSize: Number(pageSize),
});
const opMs = performance.now() - started;
console.log(JSON.stringify({ count: page.envelopes.length, opMs }));
