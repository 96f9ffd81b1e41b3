import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { runStorageScenarios } from '../../scenarios/storage.js';

for (const layout of ['maildir++', 'fs'] as const) {
  runStorageScenarios(`maildir (${layout})`, async () => {
    const root = await mkdtemp(join(tmpdir(), `mailroom-maildir-${layout.replace('+', 'p')}-`));
    const backend = new MaildirBackend({ root, layout, create: true });
    return {
      backend,
      inbox: 'INBOX',
      cleanup: () => rm(root, { recursive: true, force: true }),
    };
  });
}
