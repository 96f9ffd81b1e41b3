// Child process: mailroom listEnvelopes of a whole folder as one big page (sorted, newest first).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
const [dist, root] = process.argv.slice(2);
const { MaildirBackend } = await import(pathToFileURL(`${dist}/backends/maildir/index.js`).href);
const started = performance.now();
const page = await new MaildirBackend({ root, layout: 'maildir++' }).listEnvelopes('INBOX', {
  pageSize: 1_000_000,
});
const opMs = performance.now() - started;
console.log(JSON.stringify({ count: page.envelopes.length, opMs }));
