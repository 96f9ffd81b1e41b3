// Child process: the naive baseline — read every whole file and parse it with postal-mime
// (cur/ only: the generated folders have no new/). Prints the cross-check digest (digest.mjs).
import { performance } from 'node:perf_hooks';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { listingDigest } from './digest.mjs';
const [root] = process.argv.slice(2);
const started = performance.now();
const names = await readdir(join(root, 'cur'));
const envelopes = [];
for (const name of names) {
  const email = await PostalMime.parse(await readFile(join(root, 'cur', name)));
  envelopes.push({
    id: name.split(':2,')[0],
    messageId: email.messageId ?? '',
    subject: email.subject,
    from: email.from,
    to: email.to,
    date: email.date,
  });
}
envelopes.sort((a, b) => String(b.date).localeCompare(String(a.date)));
const opMs = performance.now() - started;
const digest = listingDigest(
  envelopes.map((e) => [e.id, e.messageId]),
  false,
);
console.log(JSON.stringify({ count: envelopes.length, opMs, digest }));
