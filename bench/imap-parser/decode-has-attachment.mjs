// Decoder-only timing of FETCH with bodyStructure: 'hasAttachment' over the imap-parser stream
// (20k messages), median of 9: `npm run build && node bench/imap-parser/decode-has-attachment.mjs`
// decode the imap-parser bench's 20k-message FETCH stream with bodyStructure: 'hasAttachment'
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { generateFetchStream } from './generate.mjs';
const { ImapFramer } = await import('../../dist/backends/imap/wire/framing.js').catch(
  () => import('../../dist/backends/imap/wire/index.js'),
);
const { decodeResponse } = await import('../../dist/backends/imap/wire/decoder.js');
const rec = join(os.tmpdir(), 'mailroom-imap-fetch-20000.bin');
if (!existsSync(rec)) writeFileSync(rec, generateFetchStream(20000));
const stream = readFileSync(rec);
const chunks = [];
for (let i = 0; i < stream.length; i += 16384) chunks.push(stream.subarray(i, i + 16384));
function once() {
  const f = new ImapFramer();
  let att = 0;
  for (const c of chunks) {
    f.push(c);
    for (let e = f.next(); e !== undefined; e = f.next()) {
      const r = decodeResponse(e, { bodyStructure: 'hasAttachment' });
      if (r.type === 'fetch' && r.attributes.bodyStructureHasAttachment) att++;
    }
  }
  return att;
}
once();
const t = [];
let a;
for (let i = 0; i < 9; i++) {
  const s = performance.now();
  a = once();
  t.push(performance.now() - s);
}
t.sort((x, y) => x - y);
console.log(JSON.stringify({ attachments: a, medianMs: t[4].toFixed(1) }));
