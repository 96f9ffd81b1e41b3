/**
 * The shared storage scenarios against Cyrus 3.6 over JMAP (HTTP, Basic auth, discovery from
 * the bare origin through the /.well-known/jmap redirect).
 */
import { JmapBackend } from '../../src/backends/jmap/index.js';
import { runStorageScenarios } from '../scenarios/storage.js';
import { servers } from '../servers/coordinates.js';

runStorageScenarios('jmap (Cyrus 3.6)', async () => {
  const { cyrus } = servers();
  const [user] = cyrus.users;
  const backend = new JmapBackend({
    url: cyrus.jmapUrl,
    auth: { user: user.user, password: user.password },
  });
  const inbox = (await backend.listMailboxes()).find((b) => b.role === 'inbox');
  return {
    backend,
    cleanup: () => backend.close(),
    ...(inbox === undefined ? {} : { inbox: inbox.id }),
  };
});
