#!/usr/bin/env node
// Sync benchmark (issue #16): mailroom (`mailroom sync`), mbsync (Debian isync 1.4) and
// offlineimap3, each from a clean state on the same freshly seeded Dovecot mailbox (10,000
// messages of the shared corpus), each through the same counting proxy: (a) initial pull into an
// empty Maildir, (b) resync with no change, (c) resync after 100 new, 100 deleted and 100
// flag-changed messages on the server; (d) the same three on 20 mailboxes of 2,000 (results
// keyed '<mode> many'). Every case twice: plain loopback, and through the proxy with 25 ms each
// way. Before any time counts, each tool's Maildir must hold the server's
// messages with the server's flags (a digest of Message-ID + flag letters, checked equal).
// Wall, CPU (user+sys) and peak RSS come from a python3 rusage wrapper around the child; bytes
// on the wire from the proxy. Writes bench/results/sync.json.
//   bash test/servers/ensure.sh && npm run bench -- sync
// Env: BENCH_SYNC_COUNT (10000), BENCH_SYNC_MODES (loopback,latency), BENCH_SYNC_SETS
// (one,many), BENCH_SYNC_TOOLS, BENCH_SYNC_SKIP.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapBackend, ImapClient } from '../../dist/backends/imap/index.js';
import { CORPUS_ID, realisticCorpus } from '../corpus/realistic.mjs';
import { benchEnv } from '../imap-client/env.mjs';
import { seedBenchMailbox } from '../imap-client/seed.mjs';
import { maildirDigest, serverDigest } from './digest.mjs';
import { startProxy } from './proxy.mjs';
import { TOOLS } from './tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const env = benchEnv();
const COUNT = Number(process.env.BENCH_SYNC_COUNT ?? 10000);
const CHANGES = 100;
// The two shapes of account: (a)-(c) one mailbox of 10,000; (d) 20 mailboxes of 2,000, where
// the 100 new, 100 deleted and 100 flagged are spread evenly (5 of each in every mailbox).
const SETS = {
  one: {
    mailboxes: ['syncbench'],
    per: COUNT,
    pattern: 'syncbench',
    python: "f == 'syncbench'",
  },
  many: {
    mailboxes: Array.from({ length: 20 }, (_, i) => `syncmany${String(i).padStart(2, '0')}`),
    per: Math.round(COUNT / 5),
    pattern: 'syncmany*',
    python: "f.startswith('syncmany')",
  },
};
const MODES = { loopback: 0, latency: 25 };
const modes = (process.env.BENCH_SYNC_MODES ?? 'loopback,latency').split(',');
const sets = (process.env.BENCH_SYNC_SETS ?? 'one,many').split(',');
const tools = (process.env.BENCH_SYNC_TOOLS ?? 'mailroom,mbsync,offlineimap3').split(',');
// offlineimap3 reads one message per round trip: through 25 ms each way its initial pull of
// 10,000 takes well over 10 minutes, so it is left out there by default (set BENCH_SYNC_SKIP='').
const skip = new Set(
  (process.env.BENCH_SYNC_SKIP ?? 'latency:offlineimap3').split(',').filter(Boolean),
);

const RUSAGE = `
import json, resource, subprocess, sys, time
t = time.time(); p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
w = time.time() - t; ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": p.returncode, "wallS": w, "cpuS": ru.ru_utime + ru.ru_stime,
  "peakRssMB": ru.ru_maxrss / 1024, "stderr": p.stderr.decode("utf8", "replace")[-2000:]}))
`;

function measure(argv, extraEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', RUSAGE, ...argv], {
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const r = JSON.parse(out);
      if (r.code !== 0) reject(new Error(`${argv[0]} exited ${r.code}: ${r.stderr}`));
      else resolve(r);
    });
  });
}

const direct = () =>
  new ImapBackend({
    url: `imap://${env.host}:${env.port}`,
    starttls: 'never',
    auth: { user: env.user, password: env.password },
  });

async function reseed(set) {
  const b = direct();
  for (const mailbox of set.mailboxes) await b.deleteMailbox(mailbox).catch(() => undefined);
  await b.close();
  // Distinct seeds: no Message-ID is shared between two mailboxes.
  for (const [i, mailbox] of set.mailboxes.entries())
    await seedBenchMailbox(ImapClient, { ...env, mailbox, count: set.per, seed: 42 + i });
}

/**
 * 100 new, 100 deleted (the oldest), 100 flagged, spread evenly over the set's mailboxes: the
 * same change for every tool.
 */
async function mutate(set) {
  const b = direct();
  const each = CHANGES / set.mailboxes.length;
  let n = 0;
  for (const mailbox of set.mailboxes) {
    const { added } = await b.diffEnvelopes(mailbox);
    const uids = added.map((e) => Number(e.id)).sort((x, y) => x - y);
    await b.deleteMessages(mailbox, uids.slice(0, each).map(String));
    await b.storeFlags(mailbox, uids.slice(1000, 1000 + each).map(String), 'add', ['flagged']);
    for (const m of realisticCorpus(each, 7 + n)) {
      const raw = Buffer.from(m.message)
        .toString('latin1')
        .replace(/^Message-ID: <([^>]*)>/im, (_, id) => `Message-ID: <new${n++}.${id}>`);
      await b.addMessage(mailbox, Buffer.from(raw, 'latin1'));
    }
  }
  await b.close();
}

async function expected(set) {
  const b = direct();
  const d = await serverDigest(b, set.mailboxes);
  await b.close();
  return d;
}

const results = {};
const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
for (const mode of modes) {
  const proxy = await startProxy({
    targetHost: env.host,
    targetPort: env.port,
    delayMs: MODES[mode],
  });
  for (const setName of sets) {
    const set = SETS[setName];
    const key = setName === 'one' ? mode : `${mode} ${setName}`;
    results[key] = {};
    for (const tool of tools) {
      if (skip.has(`${mode}:${tool}`) || skip.has(`${key}:${tool}`)) continue;
      await reseed(set);
      const dir = mkdtempSync(join(os.tmpdir(), `mailroom-bench-sync-${tool}-`));
      const inv = TOOLS[tool](dir, env, proxy.port, set);
      const cases = {};
      const step = async (name) => {
        proxy.reset();
        const r = await measure(inv.argv, inv.env);
        const want = await expected(set);
        const got = maildirDigest(set.mailboxes.map((m) => [m, inv.maildirOf(m)]));
        if (got.digest !== want.digest || got.count !== want.count)
          throw new Error(
            `${tool} ${name} (${key}): Maildir ${JSON.stringify(got)} ≠ server ${JSON.stringify(want)}`,
          );
        cases[name] = {
          wallS: +r.wallS.toFixed(3),
          cpuS: +r.cpuS.toFixed(3),
          peakRssMB: +r.peakRssMB.toFixed(1),
          wireKB: +((proxy.counters.up + proxy.counters.down) / 1024).toFixed(1),
          crossCheck: got,
        };
        console.log(
          `${key.padEnd(13)} ${tool.padEnd(12)} ${name.padEnd(10)} ${JSON.stringify(cases[name])}`,
        );
      };
      await step('initial');
      await step('noChange');
      await mutate(set);
      await step('changes');
      results[key][tool] = cases;
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await proxy.close();
}

const ratios = {};
for (const [mode, byTool] of Object.entries(results)) {
  const me = byTool.mailroom;
  if (me === undefined) continue;
  for (const [tool, cases] of Object.entries(byTool)) {
    if (tool === 'mailroom') continue;
    for (const [name, c] of Object.entries(cases))
      ratios[`${mode} ${name}: ${tool} / mailroom wall`] = +(c.wallS / me[name].wallS).toFixed(2);
  }
}
// Per account shape, every tool's final Maildir must have the same digest.
const digests = {};
for (const [key, byTool] of Object.entries(results)) {
  const setName = key.endsWith(' many') ? 'many' : 'one';
  for (const cases of Object.values(byTool))
    (digests[setName] ??= new Set()).add(cases.changes.crossCheck.digest);
}
const report = {
  suite: 'sync',
  case: `Dovecot, cleartext IMAP via a counting proxy (latency mode adds ${MODES.latency} ms each way); results keyed '<mode>' = one mailbox of ${COUNT} corpus messages, '<mode> many' = ${SETS.many.mailboxes.length} mailboxes of ${SETS.many.per} (distinct corpus seeds); each tool from a clean state: initial pull, no-change resync, resync after ${CHANGES} new + ${CHANGES} deleted + ${CHANGES} flagged on the server (spread evenly over the mailboxes); mailroom = built CLI 'mailroom sync', mbsync 1.4 'Sync All, Expunge Both', offlineimap3 default two-way`,
  corpus: CORPUS_ID,
  date: new Date().toISOString(),
  loadAverage: { before: loadBefore, after: os.loadavg().map((x) => +x.toFixed(2)) },
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  crossCheck: {
    equal: Object.values(digests).every((d) => d.size === 1),
    digest: Object.entries(digests)
      .map(([setName, d]) => `${setName}:${[...d].join('|')}`)
      .join(','),
    note: 'every tool, every case checked equal to the server before its time counted',
  },
  results,
  ratios,
  skipped: [...skip],
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/sync.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(ratios, null, 2));
