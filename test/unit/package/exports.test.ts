/**
 * Every subpath exports exactly what docs/README.md ("Exports of each entry point") lists:
 * adding or dropping a public name is a decision made in the docs too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  mailroom: () => import('../../../src/index.js'),
  'mailroom/imap': () => import('../../../src/backends/imap/index.js'),
  'mailroom/imap/coroutines': () => import('../../../src/backends/imap/coroutines.js'),
  'mailroom/jmap': () => import('../../../src/backends/jmap/index.js'),
  'mailroom/maildir': () => import('../../../src/backends/maildir/index.js'),
  'mailroom/m2dir': () => import('../../../src/backends/m2dir/index.js'),
  'mailroom/smtp': () => import('../../../src/backends/smtp/index.js'),
  'mailroom/search': () => import('../../../src/shared/search/index.js'),
  'mailroom/sync': () => import('../../../src/sync/index.js'),
};

function documented(): Map<string, string[]> {
  const text = readFileSync('docs/README.md', 'utf8');
  const section = text.split('## Exports of each entry point')[1]?.split('\n## ')[0] ?? '';
  const out = new Map<string, string[]>();
  for (const m of section.matchAll(/^- `([^`]+)`: (.*)$/gm))
    out.set(
      m[1] as string,
      [...(m[2] as string).matchAll(/`([^`]+)`/g)].map((x) => x[1] as string),
    );
  return out;
}

describe('package exports', () => {
  const docs = documented();
  it('the docs list every subpath of package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const subpaths = Object.keys(pkg.exports)
      .filter((k) => k !== './package.json')
      .map((k) => (k === '.' ? 'mailroom' : `mailroom/${k.slice(2)}`));
    expect([...docs.keys()].sort()).toEqual(subpaths.sort());
    expect(Object.keys(MODULES).sort()).toEqual(subpaths.sort());
  });
  for (const [name, load] of Object.entries(MODULES)) {
    it(`${name} exports exactly the documented names`, async () => {
      expect(Object.keys(await load()).sort()).toEqual([...(docs.get(name) ?? [])].sort());
    });
  }
});
