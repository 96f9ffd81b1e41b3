/** The shared storage scenarios on a fresh m2store in a temporary directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { M2dirBackend } from '../../../src/backends/m2dir/index.js';
import { runStorageScenarios } from '../../scenarios/storage.js';

runStorageScenarios('m2dir', async () => {
  const root = await mkdtemp(join(tmpdir(), 'mailroom-m2dir-scenarios-'));
  const backend = new M2dirBackend({ root, create: true });
  // create: true makes INBOX (every backend has one)
  const inbox = (await backend.listMailboxes()).find((m) => m.role === 'inbox');
  if (inbox === undefined) throw new Error('a new m2store has no INBOX');
  return {
    backend,
    inbox: inbox.id,
    cleanup: async () => {
      await backend.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});
