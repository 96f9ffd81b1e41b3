// The runner both IMAP suites share (imap-client: the protocol client; imap-backend: the
// shared-API listing). Loading is the same for every client: none is bundled — mailroom runs
// from its build (dist/, `npm run build`, as an installed package does), imapflow and node-imap
// from node_modules. Seed the 10k bench mailbox on the private Dovecot once, run each client in its own child
// process interleaved (wall time measured here; peak RSS (VmHWM) and CPU time reported by the
// child), take medians and write bench/results/<suite>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { CORPUS_ID } from '../corpus/id.mjs';
import { benchEnv } from './env.mjs';
import { seedBenchMailbox } from './seed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * suite: name of the results file; entry: the mailroom module the clients load (relative to
 * the repo: a dist/ file, or a bench module re-exporting from dist/);
 * describe(env): the case text; clients: name → [script, ...args] (the compiled module is passed
 * as '$MODULE'); extra: fields copied from each child's JSON line; targets: for the report;
 * crossCheckExclude: client name → why its result is not comparable (recorded in the report);
 * expectCount: how many items each client must report (default: the mailbox's message count).
 */
export async function runImapSuite({
  suite,
  entry,
  describe,
  clients,
  extra = [],
  targets,
  crossCheckFields,
  crossCheckExclude = {},
  expectCount,
}) {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const env = benchEnv();
  const outfile = join(root, entry);
  if (!existsSync(join(root, 'dist/backends/imap/index.js')))
    throw new Error('dist/ is missing: run npm run build (npm run bench does) before this suite');
  const { ImapClient } = await import(pathToFileURL(outfile).href);
  const t = Date.now();
  if (await seedBenchMailbox(ImapClient, env))
    console.log(`seeding took ${((Date.now() - t) / 1000).toFixed(1)} s`);

  function once(name) {
    const argv = clients[name].map((a) => (a === '$MODULE' ? outfile : a));
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, {
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 16 << 20,
    });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    const want = expectCount ?? env.count;
    if (out.count !== want) throw new Error(`${name} returned ${out.count} of ${want}`);
    const sample = { wallS, inScriptMs: out.ms, cpuMs: out.cpuMs, peakRssMB: out.maxRssMB };
    for (const key of extra) sample[key] = out[key];
    if (out.digest !== undefined) sample.digest = out.digest;
    return sample;
  }
  const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
  once('mailroom'); // warm Dovecot's index/cache so the first measured client is not penalised
  const samples = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
  for (let i = 0; i < runs; i++)
    for (const name of Object.keys(clients)) samples[name].push(once(name));

  // Equal work, checked before any time counts: every run of every client must report the same
  // digest of its listing (a client that does not report one makes the check absent, not equal).
  const digests = Object.fromEntries(
    Object.entries(samples)
      .filter(([name]) => crossCheckExclude[name] === undefined)
      .map(([name, list]) => [name, [...new Set(list.map((s) => s.digest))]]),
  );
  const all = Object.values(digests).flat();
  const crossCheck = all.includes(undefined)
    ? undefined
    : {
        equal: new Set(all).size === 1,
        digests,
        fields: crossCheckFields,
        ...(Object.keys(crossCheckExclude).length > 0 ? { excluded: crossCheckExclude } : {}),
      };
  if (crossCheck !== undefined && !crossCheck.equal)
    throw new Error(`the clients listed different results: ${JSON.stringify(digests)}`);
  if (crossCheck !== undefined) crossCheck.digest = all[0];
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
    suite,
    case: describe(env),
    corpus: CORPUS_ID,
    date: new Date().toISOString(),
    loadAverage: { before: loadBefore, after: os.loadavg().map((x) => +x.toFixed(2)) },
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    runs,
    ...(crossCheck === undefined ? {} : { crossCheck }),
    results,
    ratios: Object.fromEntries(
      Object.keys(clients)
        .filter((k) => k !== 'mailroom')
        .map((peer) => [`${peer} / mailroom`, ratio(peer)]),
    ),
    targets,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, `bench/results/${suite}.json`), `${JSON.stringify(report, null, 2)}\n`);
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
  console.log('load average before/after:', JSON.stringify(report.loadAverage));
  console.log('ratios (peer / mailroom):', JSON.stringify(report.ratios));
  return report;
}
