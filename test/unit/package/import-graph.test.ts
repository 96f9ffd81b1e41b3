/**
 * The rules of docs/architecture.md checked on the source import graph: importing mailroom/maildir (or m2dir,
 * or search) never loads undici or nodemailer; backends never import each other; shared imports
 * no backend; only a backend's driver imports node:net/tls/fs/zlib, undici, chokidar or nodemailer.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (
      spec !== undefined &&
      !/^\s*import\s+type\s/.test(m[0].trimStart()) &&
      !/export\s+type\s/.test(m[0])
    )
      out.push(spec);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
}

/** Every runtime package reachable from `entry` (static imports only: lazy import() is allowed to load more). */
function reachablePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /(?:^|\n)\s*(import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/g,
    )) {
      const spec = m[2] as string;
      const local = resolveLocal(file, spec);
      if (local !== undefined) stack.push(local);
      else packages.add(spec);
    }
  }
  return packages;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? allFiles(join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

describe('import graph', () => {
  for (const entry of [
    'backends/maildir/index.ts',
    'backends/m2dir/index.ts',
    'shared/search/index.ts',
    'index.ts',
  ]) {
    it(`${entry} does not statically load undici or nodemailer`, () => {
      const pkgs = [...reachablePackages(join(SRC, entry))];
      expect(pkgs.filter((p) => p.startsWith('undici') || p.startsWith('nodemailer'))).toEqual([]);
    });
  }

  // zod costs ~110 ms and ~14 MB to load: the local stores, IMAP, the client (which checks
  // Maildir and IMAP configs without it) and the CLI (its config file loads it lazily) do not.
  for (const entry of [
    'backends/maildir/index.ts',
    'backends/imap/index.ts',
    'client/email-client.ts',
    'sync/index.ts',
    'cli/main.ts',
  ]) {
    it(`${entry} does not statically load zod`, () => {
      expect([...reachablePackages(join(SRC, entry))].filter((p) => p === 'zod')).toEqual([]);
    });
  }

  it('backends never import each other, shared imports no backend, client only their index', () => {
    const offenders: string[] = [];
    for (const file of allFiles(SRC)) {
      const rel = relative(SRC, file);
      const own = /^backends\/([^/]+)\//.exec(rel)?.[1];
      for (const spec of imports(file)) {
        const target = resolveLocal(file, spec);
        if (target === undefined) continue;
        const trel = relative(SRC, target);
        const other = /^backends\/([^/]+)\//.exec(trel)?.[1];
        if (own !== undefined && other !== undefined && other !== own)
          offenders.push(`${rel} -> ${trel}`);
        if (rel.startsWith('shared/') && other !== undefined) offenders.push(`${rel} -> ${trel}`);
        if (
          rel.startsWith('client/') &&
          other !== undefined &&
          !/^backends\/[^/]+\/index\.ts$/.test(trel)
        ) {
          offenders.push(`${rel} -> ${trel}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only drivers touch I/O modules inside backends', () => {
    // node:zlib is not listed: its sync functions are pure computation (snapshot compression);
    // the IMAP COMPRESS stream lives in the driver anyway.
    const io =
      /^(node:(net|tls|fs|fs\/promises|child_process|http|https|dgram)|undici|chokidar|nodemailer)/;
    const offenders = allFiles(join(SRC, 'backends'))
      .filter((f) => !/\/driver\.ts$|\/driver\//.test(f))
      .flatMap((f) =>
        imports(f)
          .filter((s) => io.test(s))
          .map((s) => `${relative(SRC, f)} imports ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the IMAP operation coroutines are I/O-free: no socket, file, timer, promise or await', () => {
    // Every file mailroom/imap/coroutines loads statically: the ops the backend runs on its
    // connections (ops/link.ts), the commands, the session and the wire layer. The async glue
    // (ops/link.ts, ops/streams.ts, ops/watch.ts, ops/call.ts) is outside this graph.
    const seen = new Set<string>();
    const stack = [join(SRC, 'backends/imap/coroutines.ts')];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of imports(file)) {
        const local = resolveLocal(file, spec);
        if (local !== undefined) stack.push(local);
      }
    }
    const io = /^(node:(net|tls|fs|fs\/promises|events|stream|timers)|undici|chokidar|nodemailer)/;
    const effects = /\b(setTimeout|setInterval|setImmediate|new Promise|async function|await)\b/;
    const offenders: string[] = [];
    for (const file of seen) {
      const rel = relative(SRC, file);
      for (const spec of imports(file)) if (io.test(spec)) offenders.push(`${rel} imports ${spec}`);
      if (!rel.startsWith('backends/imap/')) continue; // shared helpers may be async, not I/O
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const hit = effects.exec(code);
      if (hit !== null) offenders.push(`${rel} uses ${hit[1]}`);
    }
    expect(seen.size).toBeGreaterThan(30);
    expect(offenders).toEqual([]);
  });

  it('source comments cite only documents the repository has', () => {
    const offenders: string[] = [];
    for (const file of allFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(SRC, file);
      for (const m of text.matchAll(/\b(?:DESIGN|io-email|research) §\d/g))
        offenders.push(`${rel}: ${m[0]}`);
      for (const m of text.matchAll(/\bdocs\/([\w-]+\.md)/g))
        if (!existsSync(join(SRC, '..', 'docs', m[1] as string))) offenders.push(`${rel}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
