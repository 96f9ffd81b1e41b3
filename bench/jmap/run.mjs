#!/usr/bin/env node
// JMAP listing benchmark: mailroom's JmapBackend.listEnvelopes of 10,000 messages on Cyrus 3.6
// vs the floor — a minimal hand-written undici script doing the same two method calls
// (Email/query, then Email/get in maxObjectsInGet chunks) without validation or mapping.
// Both run as their own process under /usr/bin/time (wall, peak RSS); the session is
// discovered before the clock starts; the median of RUNS alternating runs after one warm-up.
// Writes bench/results/jmap.json. Env: JMAP_BENCH_RUNS=5, JMAP_BENCH_COUNT=10000,
// JMAP_BENCH_URL / _USER / _PASS / _MAILBOX (default: the second Cyrus test user from
// test/servers/.run/cyrus.env), MAILROOM_DIST=dist (`npm run bench` builds it first).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CORPUS_ID } from '../corpus/id.mjs';
import { repo, target } from './common.mjs';

const here = join(repo, 'bench/jmap');
const dist = resolve(repo, process.env.MAILROOM_DIST ?? 'dist');
const RUNS = Number(process.env.JMAP_BENCH_RUNS ?? 5);
if (!existsSync(join(dist, 'backends/jmap/index.js'))) {
  console.error(`jmap bench: ${dist}/backends/jmap/index.js is missing — run npm run build`);
  process.exit(1);
}

const seeded = spawnSync(process.execPath, [join(here, 'seed.mjs')], { stdio: 'inherit' });
if (seeded.status !== 0) process.exit(1);

function timed(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', ...argv], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const m = /TIME ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || m === null)
    throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return { wallS: Number(m[1]), rssKiB: Number(m[2]), ...out };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tools = {
  mailroom: [process.execPath, join(here, 'list-mailroom.mjs'), dist],
  floor: [process.execPath, join(here, 'floor.mjs')],
};
for (const argv of Object.values(tools)) timed(argv); // warm Cyrus's caches for both
const runs = { mailroom: [], floor: [] };
for (let i = 0; i < RUNS; i++)
  for (const [tool, argv] of Object.entries(tools)) runs[tool].push(timed(argv));

// Equal work: every run of every tool must give the same digest (digest.mjs) before any time
// counts.
const digests = new Set(Object.values(runs).flatMap((list) => list.map((r) => r.check.digest)));
if (digests.size !== 1)
  throw new Error(
    `jmap cross-check failed: ${JSON.stringify(Object.fromEntries(Object.entries(runs).map(([t, l]) => [t, l.map((r) => r.check.digest)])))}`,
  );
const row = {};
for (const [tool, list] of Object.entries(runs)) {
  if (list.some((r) => r.count !== target.count))
    throw new Error(`${tool} listed ${list.map((r) => r.count)} messages`);
  row[tool] = {
    listingMs: Math.round(median(list.map((r) => r.opMs))),
    wallS: median(list.map((r) => r.wallS)),
    peakRssMiB: Math.round(median(list.map((r) => r.rssKiB)) / 102.4) / 10,
    runsMs: list.map((r) => Math.round(r.opMs)),
  };
  console.log(`${tool}: ${JSON.stringify(row[tool])}`);
}
const ratios = {
  listingMailroomVsFloor: +(row.mailroom.listingMs / row.floor.listingMs).toFixed(2),
  wallMailroomVsFloor: +(row.mailroom.wallS / row.floor.wallS).toFixed(2),
  rssMailroomVsFloor: +(row.mailroom.peakRssMiB / row.floor.peakRssMiB).toFixed(2),
};
console.log(`ratios: ${JSON.stringify(ratios)} (target: listing ≤ 1.5×)`);
const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(
  join(repo, 'bench/results/jmap.json'),
  JSON.stringify(
    {
      suite: 'jmap',
      corpus: CORPUS_ID,
      date: new Date().toISOString(),
      machine,
      server: 'Cyrus 3.6 JMAP over HTTP (loopback)',
      messages: target.count,
      runs: RUNS,
      crossCheck: {
        equal: true,
        digest: [...digests][0],
        fields:
          'per message in listing order: id, keyword set, receivedAt instant, size, From addresses, subject (bench/jmap/digest.mjs)',
        excluded: {
          hasAttachment:
            "the floor takes Cyrus's property, mailroom computes it from the body structure; the definitions differ on inline parts",
        },
      },
      results: row,
      ratios,
    },
    null,
    2,
  ) + '\n',
);
