#!/usr/bin/env node
// Bundles the built CLI (dist/cli/main.js) into dist/bin/: our own modules in a few chunks,
// packages left external, dynamic import() kept lazy by code splitting. Node 20 loads ES
// modules one file at a time (~0.5 ms each, no compile cache); `mailroom sync` loaded 168 of
// them before its first byte on the wire. Measured on the 10,000-message no-change sync
// (bench/NOTES.md, "sync on the realistic corpus, fewer round trips"): 0.31 s → 0.25 s wall. `mailroom` (package.json bin) is this
// bundle; dist/cli/ stays the unbundled build the library and unit tests use.
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  // dist/bin sits at the depth of dist/cli, so import.meta.url-relative paths stay valid
  // (open-client.ts: ../../examples/demo-maildir).
  entryPoints: { mailroom: join(root, 'dist/cli/main.js') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
chmodSync(join(outdir, 'mailroom.js'), 0o755);
