#!/usr/bin/env node
// IMAP response parsing: mailroom's framer + typed decoder vs imapflow 1.7.8's ImapStream +
// parser on the same recorded 20k-message FETCH stream (generated once into the temp dir, fed
// in 16 KiB chunks), in one process, alternating, median of RUNS timed runs after a warm-up.
// Writes bench/results/imap-parser.json.
//   npm run build && node bench/imap-parser/run.mjs        (uses dist/)
//   node bench/imap-parser/run.mjs                         (falls back to src/ through tsx)
//   env: BENCH_RUNS (default 5), BENCH_MESSAGES (20000), BENCH_ONLY=<subject prefix>
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateFetchStream } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
if (typeof globalThis.gc !== 'function') {
  // re-run with --expose-gc (collections between timed runs)
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}
const root = join(here, '..', '..');
const COUNT = Number(process.env.BENCH_MESSAGES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHUNK = 16 * 1024;

/** A stale dist/ (built before the last source edit) would measure old code. */
function sourceNewerThan(ms) {
  const src = join(root, 'src/backends/imap/wire');
  return readdirSync(src, { recursive: true }).some(
    (f) => String(f).endsWith('.ts') && statSync(join(src, String(f))).mtimeMs > ms,
  );
}

async function loadMailroom() {
  const dist = join(root, 'dist/backends/imap/wire');
  if (
    existsSync(join(dist, 'decoder.js')) &&
    !sourceNewerThan(statSync(join(dist, 'decoder.js')).mtimeMs)
  ) {
    return {
      source: 'dist',
      ...(await import(pathToFileURL(join(dist, 'framing.js')))),
      ...(await import(pathToFileURL(join(dist, 'decoder.js')))),
    };
  }
  const { register } = await import('tsx/esm/api');
  register();
  const src = join(root, 'src/backends/imap/wire');
  return {
    source: 'src (tsx)',
    ...(await import(pathToFileURL(join(src, 'framing.ts')))),
    ...(await import(pathToFileURL(join(src, 'decoder.ts')))),
  };
}

const require = createRequire(import.meta.url);
const { ImapStream } = require('imapflow/lib/handler/imap-stream');
const imapflowParser = require('imapflow/lib/handler/imap-parser');
const imapflowTools = require('imapflow/lib/tools');
const silent = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child() {
    return silent;
  },
};

const { ImapFramer, decodeResponse, source } = await loadMailroom();
const recording = join(os.tmpdir(), `mailroom-imap-fetch-${COUNT}.bin`);
if (!existsSync(recording)) writeFileSync(recording, generateFetchStream(COUNT));
const stream = readFileSync(recording);
const chunks = [];
for (let i = 0; i < stream.length; i += CHUNK) chunks.push(stream.subarray(i, i + CHUNK));

/** mailroom: framer + typed decoder (ENVELOPE and BODYSTRUCTURE as typed objects). */
function runMailroom(collect) {
  const framer = new ImapFramer();
  let n = 0;
  let fetched = 0;
  for (const c of chunks) {
    framer.push(c);
    for (let e = framer.next(); e !== undefined; e = framer.next()) {
      if (e.kind !== 'message') throw new Error('unexpected framing event');
      const r = decodeResponse(e);
      n++;
      if (
        r.kind === 'untagged' &&
        r.type === 'fetch' &&
        r.attributes.bodyStructure &&
        r.attributes.envelope
      ) {
        fetched++;
        if (collect !== undefined) {
          const a = r.attributes;
          const from = a.envelope.from[0];
          collect.push(
            checkLine(
              a.uid,
              a.flags,
              a.rfc822Size,
              a.envelope.messageId,
              from === undefined ? '' : `${from.mailbox}@${from.host}`,
            ),
          );
        }
      }
    }
  }
  if (n !== COUNT + 1 || fetched !== COUNT) throw new Error(`mailroom decoded ${n}/${fetched}`);
  return n;
}

const isFetch = (parsed) => String(parsed.attributes?.[0]?.value ?? '').toUpperCase() === 'FETCH';

/** imapflow: ImapStream framing + tokenizer (generic attribute tree); `typed` adds formatMessageResponse. */
function runImapflow(typed, collect) {
  return new Promise((resolve, reject) => {
    const s = new ImapStream({ logger: silent });
    let n = 0;
    let pending = Promise.resolve();
    const mailbox = {};
    s.on('data', (item) => {
      pending = pending.then(async () => {
        const parsed = await imapflowParser(item.payload, { literals: item.literals });
        // `* 12 FETCH (…)`: imapflow's parser puts the number in `command` and FETCH in the
        // first attribute (imapflow's own dispatch, normalizeUntaggedCommand, reads it there).
        if (typed && /^\d+$/.test(parsed.command) && isFetch(parsed)) {
          const m = await imapflowTools.formatMessageResponse(parsed, mailbox);
          if (!m.envelope || !m.bodyStructure)
            throw new Error('imapflow: missing envelope/bodystructure');
          collect?.push(
            checkLine(
              m.uid,
              [...m.flags],
              m.size,
              m.envelope.messageId,
              m.envelope.from?.[0]?.address ?? '',
            ),
          );
        }
        n++;
        item.next();
      });
      pending.catch(reject);
    });
    s.on('error', reject);
    s.on('end', () =>
      pending.then(() =>
        n === COUNT + 1 ? resolve(n) : reject(new Error(`imapflow parsed ${n}`)),
      ),
    );
    // written up front: ImapStream buffers them and applies its own per-item backpressure
    for (const c of chunks) s.write(c);
    s.end();
  });
}

/**
 * The cross-check: one line per FETCH response — UID, flags, RFC822.SIZE, envelope Message-ID
 * and first From address — from each parser's typed output, taken in an untimed pass.
 */
function checkLine(uid, flags, size, messageId, from) {
  return [uid, [...flags].sort().join(' '), size, messageId ?? '', from.toLowerCase()].join('|');
}
const digestOf = (lines) =>
  createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
const mailroomLines = [];
runMailroom(mailroomLines);
const imapflowLines = [];
await runImapflow(true, imapflowLines);
const crossCheck = {
  equal: digestOf(mailroomLines) === digestOf(imapflowLines) && mailroomLines.length === COUNT,
  digest: digestOf(mailroomLines),
  fields:
    'per FETCH response: UID, flags, RFC822.SIZE, envelope Message-ID, first From address, from mailroom and from imapflow + formatMessageResponse (untimed pass)',
  excluded: {
    'imapflow (stream + tokenizer)':
      'gives an untyped attribute tree, no values to compare: it does less work than the other two',
  },
};
if (!crossCheck.equal)
  throw new Error(
    `imap-parser cross-check failed: mailroom ${digestOf(mailroomLines)} (${mailroomLines.length}) vs imapflow ${digestOf(imapflowLines)} (${imapflowLines.length}); first lines ${mailroomLines[0]} / ${imapflowLines[0]}`,
  );

/** Wall time and process CPU time (user + system, GC threads included) of one run. */
async function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const n = await fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { n, wall, cpu: (c.user + c.system) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const subjects = {
  mailroom: () => runMailroom(),
  'imapflow (stream + tokenizer)': () => runImapflow(false),
  'imapflow (stream + tokenizer + formatMessageResponse)': () => runImapflow(true),
};
// Subjects alternate within one process (so load drift on a shared machine hits all of them
// alike), with a full collection before every timed run so nobody pays for another's garbage.
if (process.env.BENCH_ONLY)
  for (const k of Object.keys(subjects))
    if (!k.startsWith(process.env.BENCH_ONLY)) delete subjects[k];
const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, { wall: [], cpu: [] }]));
for (const fn of Object.values(subjects)) await time(fn); // warm-up (JIT)
for (let run = 0; run < RUNS; run++) {
  for (const [name, fn] of Object.entries(subjects)) {
    globalThis.gc();
    const t = await time(fn);
    samples[name].wall.push(t.wall);
    samples[name].cpu.push(t.cpu);
  }
}

const mib = stream.length / 1048576;
const perSecond = (ms) => Math.round(((COUNT + 1) / ms) * 1000);
const results = {};
for (const [name, { wall, cpu }] of Object.entries(samples)) {
  const w = median(wall);
  const c = median(cpu);
  results[name] = {
    medianWallMs: +w.toFixed(1),
    medianCpuMs: +c.toFixed(1),
    bestCpuMs: +Math.min(...cpu).toFixed(1),
    responsesPerSecondWall: perSecond(w),
    responsesPerSecondCpu: perSecond(c),
    mibPerSecondWall: +((mib / w) * 1000).toFixed(1),
    runsWallMs: wall.map((x) => +x.toFixed(1)),
    runsCpuMs: cpu.map((x) => +x.toFixed(1)),
  };
}
const ours = results.mailroom;
const ratios = Object.fromEntries(
  Object.entries(results)
    .filter(([k]) => k !== 'mailroom')
    .map(([k, v]) => [
      `mailroom / ${k}`,
      {
        wall: +(ours.responsesPerSecondWall / v.responsesPerSecondWall).toFixed(2),
        cpu: +(ours.responsesPerSecondCpu / v.responsesPerSecondCpu).toFixed(2),
      },
    ]),
);
const report = {
  suite: 'imap-parser',
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
  },
  workload: {
    messages: COUNT,
    bytes: stream.length,
    mib: +mib.toFixed(2),
    chunkBytes: CHUNK,
    items: 'UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE',
    runs: RUNS,
  },
  mailroomSource: source,
  note: 'responses/s from the median of the runs; CPU time (process user+system) is the steadier figure on a shared machine',
  peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
  crossCheck,
  results,
  ratios,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/imap-parser.json'), JSON.stringify(report, null, 2) + '\n');
console.log(
  `workload: ${COUNT} FETCH responses, ${mib.toFixed(1)} MiB, ${CHUNK / 1024} KiB chunks, median of ${RUNS} ` +
    `(mailroom from ${source}, load average ${os.loadavg()[0].toFixed(1)})`,
);
for (const [name, r] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(56)} ${String(r.responsesPerSecondCpu).padStart(7)} resp/s (CPU) ` +
      `${String(r.responsesPerSecondWall).padStart(7)} resp/s (wall) ${String(r.mibPerSecondWall).padStart(6)} MiB/s (wall)`,
  );
}
for (const [name, x] of Object.entries(ratios))
  console.log(`  ${name}: ${x.cpu}x (CPU), ${x.wall}x (wall)`);
