/**
 * The IMAP backend's public coroutine face (docs/coroutines.md "Public coroutines"), the
 * subpath `mailroom/imap/coroutines`: the shared-API operations as I/O-free generators over
 * one `ImapSession`, yielding only the byte-stream requests of their commands (`write`,
 * `read`, `startTls`, `compress`, `now`, `random`, `event`). ImapBackend runs exactly these
 * on its connections (ops/link.ts); a caller can run them with `driveSync` over a recorded
 * transcript, or with `ImapConnection.run` over a stream of its own.
 *
 *   const session = new ImapSession();
 *   yield* startSession(session, config);                 // greeting, STARTTLS, login
 *   const page = yield* listEnvelopes(session, 'INBOX', { pageSize: 50 });
 *
 * A separate subpath (not a namespace of `mailroom/imap`) so that importing the backend does
 * not load search, reading and threads before they are used (index.ts).
 */
export { ImapSession } from './session.js';
export type { ImapCoroutine, ImapRequest, CommandEvent } from './commands/run.js';
export { startSession, finishSetup } from './client/session-setup.js';
export { selectMailbox, mailboxListed } from './ops/selection.js';
export {
  listMailboxes,
  createMailbox,
  renameMailbox,
  deleteMailbox,
  diffMailboxes,
} from './ops/mailboxes.js';
export { listEnvelopes } from './ops/envelopes.js';
export { searchEnvelopes } from './ops/search.js';
export { diffEnvelopes, type DiffStrategy } from './ops/diff.js';
export { unchangedMailboxes } from './ops/unchanged.js';
export { getEnvelope, readMessage } from './ops/reading.js';
export { serverThreads, threadsFromServer, type ServerThreads } from './ops/threads.js';
export {
  getMessages,
  addMessage,
  storeFlags,
  copyMessages,
  moveMessages,
  deleteMessages,
} from './ops/messages.js';
