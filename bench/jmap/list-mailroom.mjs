// Child process: mailroom's JmapBackend listEnvelopes of the whole bench mailbox as one page.
// The session is discovered before the clock starts (as the floor does). Prints {count, opMs,
// check} (check: digest.mjs, taken after the clock stops).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { target } from './common.mjs';
import { envelopeDigest } from './digest.mjs';

const [dist] = process.argv.slice(2);
const { JmapBackend } = await import(pathToFileURL(`${dist}/backends/jmap/index.js`).href);
const jmap = new JmapBackend({
  url: target.url,
  auth: { user: target.user, password: target.password },
});
await jmap.supports('sendMessage'); // session discovery
const started = performance.now();
const page = await jmap.listEnvelopes(target.mailbox, { pageSize: target.count });
const opMs = performance.now() - started;
console.log(
  JSON.stringify({ count: page.envelopes.length, opMs, check: envelopeDigest(page.envelopes) }),
);
await jmap.close();
