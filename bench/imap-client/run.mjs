#!/usr/bin/env node
// IMAP client benchmark: ENVELOPE+FLAGS+UID of 10,000 messages from the private Dovecot on
// loopback, mailroom vs imapflow 1.7.8 vs node-imap 0.8.19. Each client runs in its own child
// process (wall time measured by the parent; peak RSS (VmHWM) and CPU time reported by the child),
// interleaved, median of 3. Writes bench/results/imap-client.json and prints ratios.
//   bash test/servers/ensure.sh && node bench/imap-client/run.mjs
// Env: BENCH_COUNT (10000), BENCH_RUNS (3), BENCH_MAILBOX (bench).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { benchEnv } from './env.mjs';
import { seedBenchMailbox } from './seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const env = benchEnv();

// 1. Compile the IMAP core once (plain JS, no tsx at run time): one ESM file.
const outfile = join(root, 'bench/.data/imap-client/mailroom-imap.mjs');
await build({
  entryPoints: [join(root, 'src/backends/imap/client/client.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const { ImapClient } = await import(pathToFileURL(outfile).href);

// 2. Seed the dedicated mailbox once (MULTIAPPEND batches through our own client).
const t = Date.now();
if (await seedBenchMailbox(ImapClient, env))
  console.log(`seeding took ${((Date.now() - t) / 1000).toFixed(1)} s`);

// 3. Measure.
const clients = {
  mailroom: [join(here, 'fetch-mailroom.mjs'), outfile],
  imapflow: [join(here, 'fetch-imapflow.mjs')],
  'node-imap': [join(here, 'fetch-nodeimap.mjs')],
  'raw-socket (floor)': [join(here, 'fetch-raw.mjs')],
};
function once(name) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, clients[name], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 16 << 20,
  });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  if (out.count !== env.count) throw new Error(`${name} fetched ${out.count} of ${env.count}`);
  return {
    wallS,
    inScriptMs: out.ms,
    cpuMs: out.cpuMs,
    peakRssMB: out.maxRssMB,
    subjectChars: out.subjectChars,
  };
}
const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
once('mailroom'); // warm Dovecot's index/cache so the first measured client is not penalised
const samples = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
for (let i = 0; i < runs; i++)
  for (const name of Object.keys(clients)) samples[name].push(once(name));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (const [name, list] of Object.entries(samples)) {
  results[name] = {
    wallS: +median(list.map((s) => s.wallS)).toFixed(3),
    inScriptMs: +median(list.map((s) => s.inScriptMs)).toFixed(1),
    cpuMs: +median(list.map((s) => s.cpuMs)).toFixed(1),
    peakRssMB: +median(list.map((s) => s.peakRssMB)).toFixed(1),
    runs: list.map((s) => ({ wallS: +s.wallS.toFixed(3), peakRssMB: +s.peakRssMB.toFixed(1) })),
  };
}
const ratio = (peer) => ({
  wall: +(results[peer].wallS / results.mailroom.wallS).toFixed(2),
  cpu: +(results[peer].cpuMs / results.mailroom.cpuMs).toFixed(2),
  rss: +(results[peer].peakRssMB / results.mailroom.peakRssMB).toFixed(2),
});
const report = {
  suite: 'imap-client',
  case: `UID FETCH 1:* (UID FLAGS ENVELOPE), ${env.count} messages, Dovecot on loopback, cleartext, no COMPRESS`,
  date: new Date().toISOString(),
  loadAverage: { before: loadBefore, after: os.loadavg().map((x) => +x.toFixed(2)) },
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  runs,
  results,
  ratios: {
    'imapflow / mailroom': ratio('imapflow'),
    'node-imap / mailroom': ratio('node-imap'),
    'raw-socket (floor) / mailroom': ratio('raw-socket (floor)'),
  },
  targets: { wallS: 0.35, peakRssMB: 70 },
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/imap-client.json'), `${JSON.stringify(report, null, 2)}\n`);
console.table(
  Object.fromEntries(
    Object.entries(results).map(([k, v]) => [
      k,
      {
        'wall s': v.wallS,
        'in-script ms': v.inScriptMs,
        'CPU ms': v.cpuMs,
        'peak RSS MB': v.peakRssMB,
      },
    ]),
  ),
);
console.log('ratios (peer / mailroom):', JSON.stringify(report.ratios));
