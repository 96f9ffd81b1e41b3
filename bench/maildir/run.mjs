#!/usr/bin/env node
// Maildir listing benchmark: mailroom listEnvelopes vs mblaze's mscan (`mlist DIR | mscan`) vs a
// naive full-parse baseline (whole file + postal-mime), on the same generated folders of 10k and
// 100k messages; and the newest page of 50 vs `mlist | mblaze-sort -d -r | head -n 50 | mscan`.
// Each tool runs as its own process under /usr/bin/time (wall time, peak RSS); median of RUNS
// warm-cache runs, interleaved, after one unmeasured warm-up. Writes bench/results/maildir.json
// (bench/README.md is generated from it). Env: MAILDIR_BENCH_SIZES=10000,100000  MAILDIR_BENCH_RUNS=3
// MAILROOM_DIST=dist (the built library; `npm run bench` builds it first).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_ID } from '../corpus/id.mjs';
import { generate } from './generate.mjs';
import { mscanDigest } from './digest.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const dist = resolve(repo, process.env.MAILROOM_DIST ?? 'dist');
const sizes = (process.env.MAILDIR_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const RUNS = Number(process.env.MAILDIR_BENCH_RUNS ?? 3);

if (!existsSync(join(dist, 'backends/maildir/index.js'))) {
  console.error(`maildir bench: ${dist}/backends/maildir/index.js is missing — run npm run build`);
  process.exit(1);
}
if (
  spawnSync('sh', ['-c', 'command -v mscan && command -v mlist && command -v mblaze-sort'])
    .status !== 0
) {
  console.error('maildir bench: mblaze is missing — apt-get install -y mblaze');
  process.exit(1);
}

const cacheHome = join(repo, 'bench/.data/cache'); // XDG_CACHE_HOME of every run: warm caches

/** Run argv under /usr/bin/time; returns wall seconds, peak RSS (KiB) and the child's stdout. */
function timed(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M %U %S', ...argv], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    // mblaze keeps its seq under ~/.mblaze; mailroom's header cache goes under XDG_CACHE_HOME
    env: { ...process.env, HOME: join(repo, 'bench/.data'), XDG_CACHE_HOME: cacheHome },
  });
  const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || m === null)
    throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return {
    wallS: Number(m[1]),
    rssKiB: Number(m[2]),
    cpuS: Number(m[3]) + Number(m[4]),
    stdout: r.stdout,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A fresh, empty cache directory for a cold run (removed by `done`). */
function freshCache() {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-bench-cache-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const PAGE = 50;
const mailroom = (dir, pageSize, cache) => [
  process.execPath,
  join(here, 'list-mailroom.mjs'),
  dist,
  dir,
  `${pageSize}`,
  cache,
];
const WHOLE = 1_000_000;
// Each tool: (dir, cacheDir) → argv. Cold runs get a fresh cache directory each time.
const tools = {
  // The whole folder, every envelope, by default (header cache on, warm): vs mscan's line per message.
  mailroom: (dir) => mailroom(dir, WHOLE, 'default'),
  mscan: (dir) => ['sh', '-c', `mlist "${dir}" | mscan > /dev/null`],
  // The same with an empty cache (the first listing ever: reads every header block, writes it).
  mailroomCold: (dir, cold) => mailroom(dir, WHOLE, cold),
  // The same with the cache turned off (headerCache: false).
  mailroomNoCache: (dir) => mailroom(dir, WHOLE, 'none'),
  // The newest 50 (what a client shows first), warm and cold; mblaze reads every Date and sorts.
  mailroomPage: (dir) => mailroom(dir, PAGE, 'default'),
  mailroomPageCold: (dir, cold) => mailroom(dir, PAGE, cold),
  mblazePage: (dir) => [
    'sh',
    '-c',
    `mlist "${dir}" | mblaze-sort -d -r | head -n ${PAGE} | mscan > /dev/null`,
  ],
  naive: (dir) => [process.execPath, join(here, 'list-naive.mjs'), dir],
};
const isCold = (tool) => tool.endsWith('Cold');
const isPage = (tool) => tool.startsWith('mailroomPage') || tool === 'mblazePage';

/**
 * Equal work, checked before any time counts: every tool's listing (unique name + Message-ID per
 * message; a set for whole folders, the order for the page) must give one digest. mblaze is
 * checked through `mscan -f '%R %I'` on the same pipelines; the naive baseline through its own
 * digest (its run is the measured one: minutes on 100k).
 */
function crossCheck(dir) {
  const mscan = (pipe) =>
    mscanDigest(timed(['sh', '-c', `${pipe} | mscan -f '%R %I'`]).stdout, pipe.includes('head'));
  const cold = freshCache();
  const digests = {
    whole: {
      mailroom: JSON.parse(timed(tools.mailroom(dir)).stdout).digest,
      mailroomCold: JSON.parse(timed(tools.mailroomCold(dir, cold.dir)).stdout).digest,
      mailroomNoCache: JSON.parse(timed(tools.mailroomNoCache(dir)).stdout).digest,
      mscan: mscan(`mlist "${dir}"`),
    },
    page: {
      mailroomPage: JSON.parse(timed(tools.mailroomPage(dir)).stdout).digest,
      mblazePage: mscan(`mlist "${dir}" | mblaze-sort -d -r | head -n ${PAGE}`),
    },
  };
  cold.done();
  const pageCold = freshCache();
  digests.page.mailroomPageCold = JSON.parse(
    timed(tools.mailroomPageCold(dir, pageCold.dir)).stdout,
  ).digest;
  pageCold.done();
  const equal = Object.values(digests).every((d) => new Set(Object.values(d)).size === 1);
  return { equal, whole: digests.whole.mscan, page: digests.page.mblazePage, digests };
}

// MAILDIR_BENCH_TOOLS=mailroom,mscan re-measures only those; the others' figures are kept from
// the previous results file (the naive baseline takes many minutes on 100k messages).
const only = process.env.MAILDIR_BENCH_TOOLS?.split(',');
const resultsFile = join(repo, 'bench/results/maildir.json');
const previousFile =
  only !== undefined && existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, 'utf8'))
    : {};
// figures of another corpus are not this workload: nothing is carried over from them
const previous = previousFile.corpus === CORPUS_ID ? previousFile.results : {};
const results = {};
const checks = {};
for (const size of sizes) {
  const dir = join(repo, 'bench/.data', `maildir-${CORPUS_ID}-${size}`);
  if (generate(dir, size)) console.log(`generated ${size} messages in ${dir}`);
  rmSync(join(dir, 'mailroom-cache'), { force: true }); // the pre-0.x in-folder cache
  timed(tools.mscan(dir)); // warm the page cache for everyone
  timed(tools.mailroom(dir)); // and mailroom's header cache, for the warm runs
  const check = crossCheck(dir);
  checks[size] = check;
  console.log(`${size} crossCheck: ${JSON.stringify(check)}`);
  if (!check.equal) {
    console.error(`maildir bench: the tools listed different messages at ${size}; no time counts`);
    process.exit(1);
  }
  const row = {};
  const measured = Object.keys(tools).filter(
    (tool) => only === undefined || only.includes(tool) || previous[size]?.[tool] === undefined,
  );
  // Runs are interleaved (round robin over the tools) so load and page-cache swings on a shared
  // machine hit every tool alike. The naive baseline takes minutes on big folders: one run there.
  const count = (tool) => (tool === 'naive' && size > 20_000 ? 1 : RUNS);
  const allRuns = Object.fromEntries(measured.map((tool) => [tool, []]));
  for (let i = 0; i < RUNS; i++)
    for (const tool of measured) {
      if (i >= count(tool)) continue;
      const cold = isCold(tool) ? freshCache() : undefined;
      allRuns[tool].push(timed(tools[tool](dir, cold?.dir)));
      cold?.done();
    }
  for (const tool of Object.keys(tools)) {
    if (!measured.includes(tool)) {
      row[tool] = previous[size][tool];
      continue;
    }
    const runs = allRuns[tool];
    const out = runs
      .map((r) => r.stdout.trim())
      .filter((s) => s.startsWith('{'))
      .map((s) => JSON.parse(s));
    if (out.some((o) => o.digest !== (isPage(tool) ? check.page : check.whole))) {
      console.error(`maildir bench: a measured ${tool} run listed other messages`);
      process.exit(1);
    }
    row[tool] = {
      runs: runs.length,
      wallS: median(runs.map((r) => r.wallS)),
      cpuS: +median(runs.map((r) => r.cpuS)).toFixed(2),
      peakRssMiB: Math.round(median(runs.map((r) => r.rssKiB)) / 102.4) / 10,
      ...(out.length > 0
        ? { listingMs: Math.round(median(out.map((o) => o.opMs))), count: out[0].count }
        : {}),
    };
    console.log(`${size} ${tool}: ${JSON.stringify(row[tool])}`);
  }
  const carried = Object.keys(tools).filter((tool) => !measured.includes(tool));
  if (carried.length > 0) row.carriedOver = carried; // figures kept from the previous results file
  const ratio = (a, b, field = 'wallS') => +(row[a][field] / row[b][field]).toFixed(2);
  row.ratios = {
    wallMailroomVsMscan: ratio('mailroom', 'mscan'),
    cpuMailroomVsMscan: ratio('mailroom', 'mscan', 'cpuS'),
    wallColdVsMscan: ratio('mailroomCold', 'mscan'),
    wallNoCacheVsMscan: ratio('mailroomNoCache', 'mscan'),
    wallPageVsMblazePage: ratio('mailroomPage', 'mblazePage'),
    wallPageColdVsMblazePage: ratio('mailroomPageCold', 'mblazePage'),
    rssPageMiB: row.mailroomPage.peakRssMiB,
    wallMailroomVsNaive: ratio('mailroom', 'naive'),
  };
  results[size] = row;
}

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadAverage1m: +(loadavg()[0] ?? 0).toFixed(2),
};
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(
  resultsFile,
  JSON.stringify(
    {
      suite: 'maildir',
      case: 'listEnvelopes of one Maildir folder of the realistic corpus (10k and 100k messages), newest first: the whole folder (vs mlist | mscan) and the newest page of 50 (vs mlist | mblaze-sort -d -r | head -n 50 | mscan); mailroom with its defaults (header cache on, warm), cold (an empty cache directory per run) and with headerCache: false; median of the runs, interleaved, OS page cache warm',
      corpus: CORPUS_ID,
      date: new Date().toISOString(),
      runs: RUNS,
      machine,
      crossCheck: {
        equal: Object.values(checks).every((c) => c.equal),
        digest: Object.values(checks)
          .map((c) => `${c.whole}/${c.page}`)
          .join(' '),
        note: 'per size: every tool listed the same messages (unique name + Message-ID; whole folder as a set, the page in order) before any time counted',
        bySize: checks,
      },
      results,
    },
    null,
    2,
  ) + '\n',
);

const lines = [
  '| messages | tool | wall (s) | CPU (s) | peak RSS (MiB) | wall vs peer | CPU vs peer | RSS vs peer |',
  '|---:|---|---:|---:|---:|---:|---:|---:|',
];
// Each tool is compared with the mblaze run doing the same job.
const peerOf = (tool) => (isPage(tool) ? 'mblazePage' : 'mscan');
for (const [size, row] of Object.entries(results))
  for (const tool of Object.keys(tools)) {
    const peer = row[peerOf(tool)];
    const name = row.carriedOver?.includes(tool) ? `${tool} (previous run)` : tool;
    lines.push(
      `| ${size} | ${name} | ${row[tool].wallS.toFixed(2)} | ${row[tool].cpuS.toFixed(2)} | ${row[tool].peakRssMiB} | ${(row[tool].wallS / peer.wallS).toFixed(2)}× | ${(row[tool].cpuS / Math.max(peer.cpuS, 0.01)).toFixed(2)}× | ${(row[tool].peakRssMiB / peer.peakRssMiB).toFixed(2)}× |`,
    );
  }
const table = lines.join('\n');
console.log(`\n${table}\n`);
// bench/README.md is generated from bench/results/maildir.json (bench/readme.mjs); how to read
// the figures is in bench/NOTES.md.
