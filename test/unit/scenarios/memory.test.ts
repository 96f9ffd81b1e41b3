/**
 * Self-test of the storage scenario suite against the in-memory reference backend: if the
 * suite's expectations are inconsistent, this fails before any real backend runs them.
 */
import { MemoryBackend } from '../../scenarios/memory-backend.js';
import { runStorageScenarios } from '../../scenarios/storage.js';

runStorageScenarios('memory', async () => {
  const backend = new MemoryBackend();
  return {
    backend,
    inbox: 'mbx-inbox',
    cleanup: () => backend.close(),
  };
});
