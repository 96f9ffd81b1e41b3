#!/usr/bin/env node
// `npm run bench [-- suite...]`: runs each suite's own runner (bench/<suite>/run.mjs) in turn.
// Each suite measures mailroom and its peers in the same run on the same data and writes
// bench/results/<suite>.json; this entry only selects and sequences them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'run.mjs')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = wanted.length > 0 ? wanted : available;
let failed = 0;
for (const suite of suites) {
  if (!available.includes(suite)) {
    console.error(`unknown bench suite '${suite}' (available: ${available.join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== bench: ${suite} ===`);
  const r = spawnSync(process.execPath, [join(here, suite, 'run.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
// bench/README.md is generated from the results files (bench/readme.mjs).
spawnSync(process.execPath, [join(here, 'readme.mjs')], { stdio: 'inherit' });
process.exit(failed === 0 ? 0 : 1);
