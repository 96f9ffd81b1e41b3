/**
 * `mailroom/sync` loads no backend (docs/sync.md): no file under src/sync imports from
 * src/backends or src/client, so a user of IMAP + Maildir never loads JMAP or m2dir code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/sync imports', () => {
  it('import nothing from backends or the client', () => {
    const dir = join('src', 'sync');
    const offending: string[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g))
        if (/\/(backends|client|cli)\//.test(m[1] as string)) offending.push(`${file}: ${m[1]}`);
    }
    expect(readdirSync(dir).length).toBeGreaterThan(10);
    expect(offending).toEqual([]);
  });
});
