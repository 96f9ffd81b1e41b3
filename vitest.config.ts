import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The Maildir header cache is on by default (under $XDG_CACHE_HOME): tests, and the CLI
// processes they start, keep theirs in a fresh directory instead of the user's.
const env = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'mailroom-test-cache-')) };

// Two projects: `unit` needs nothing but Node; `integration` talks to the real servers that
// test/servers/ensure.sh installs and starts (the global setup reads their coordinates and
// fails — never skips — when one is missing).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          env,
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          env,
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/servers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
