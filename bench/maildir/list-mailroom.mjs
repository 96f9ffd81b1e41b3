// Child process: mailroom listEnvelopes, newest first: the whole folder as one page by default,
// or the first page of PAGE_SIZE (3rd argument) — what `mailroom list` shows. 4th argument, the
// header cache: `default` (on, under $XDG_CACHE_HOME), `none` (headerCache: false) or a
// directory path (a fresh one for a cold run). Prints the count, the time of the call alone and
// the cross-check digest (digest.mjs) of what it listed.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { listingDigest } from './digest.mjs';

const [dist, root, pageSize = '1000000', cache = 'default'] = process.argv.slice(2);
const { MaildirBackend } = await import(pathToFileURL(`${dist}/backends/maildir/index.js`).href);
const config = { root, layout: 'maildir++' };
if (cache === 'none') config.headerCache = false;
else if (cache !== 'default') config.cacheDir = cache;
const started = performance.now();
const page = await new MaildirBackend(config).listEnvelopes('INBOX', {
  pageSize: Number(pageSize),
});
const opMs = performance.now() - started;
const whole = Number(pageSize) >= 1_000_000; // a whole folder compares as a set
const digest = listingDigest(
  page.envelopes.map((e) => [e.id, e.messageId ?? '']),
  !whole,
);
console.log(JSON.stringify({ count: page.envelopes.length, opMs, digest }));
