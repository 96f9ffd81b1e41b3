/**
 * mailroom/imap — the Imap backend's public face: the shared storage operations (ops/) over
 * the project's IMAP core, on lazily opened, reused connections (ops/link.ts: `poolSize`, default 1).
 */
import { attributeError } from '../../shared/errors.js';
import type { Backend, MailboxPath, Operation } from '../../shared/backend.js';
import { STORAGE_OPERATIONS } from '../../shared/backend.js';
import type { ImapConfig } from '../../shared/config.js';
import { checkImapConfig } from '../../shared/config-check/imap.js';
import type { SearchQuery } from '../../shared/search/ast.js';
import type {
  AddMessageOptions,
  CallOptions,
  CreateMailboxOptions,
  Envelope,
  EnvelopeDiff,
  EnvelopePage,
  Flag,
  IdMap,
  IterateEnvelopesOptions,
  ListEnvelopesOptions,
  ListMailboxesOptions,
  ListThreadsOptions,
  Mailbox,
  MailboxDiff,
  MailboxRef,
  Message,
  ReadMessageOptions,
  ThreadPage,
  SearchEnvelopesOptions,
  StoreFlagsAction,
  WatchEvent,
  WatchOptions,
} from '../../shared/types.js';
import { ImapPool, type ImapLink } from './ops/link.js';
import * as mailboxes from './ops/mailboxes.js';
import { listEnvelopes } from './ops/envelopes.js';
import * as messages from './ops/messages.js';
import * as messageStream from './ops/message-stream.js';
import { diffEnvelopes } from './ops/diff.js';
import { unchangedMailboxes } from './ops/unchanged.js';
import { withCallOptions } from './ops/call.js';
import type { ImapCoroutine } from './commands/run.js';
import type { ImapSession as Session } from './session.js';
import { iterateWith, listWithCursor, threadWindow } from '../../shared/reading/defaults.js';

export type { ImapConfig } from '../../shared/config.js';

// Protocol-level API, three layers: (1) command generators, (2) ImapConnection over a connected
// stream, (3) ImapClient.connect(config | url).
export { ImapConnection, type FetchedMessage } from './client/connection.js';
export type { CallOptions as ImapCallOptions, ConnectionOptions } from './client/core.js';
export { ImapSession } from './session.js';
export type { ImapEvent } from './events.js';
export * as commands from './commands/index.js';
export { connectSocket, transportFromStream } from './driver.js';
export { openConnection } from './ops/connect.js';
// Layer 3 and helpers (IMAP core).
export { ImapClient } from './client/client.js';
export { parseImapUrl, type ImapUrl } from './client/url.js';
export * as values from './wire/values.js';
export type { SessionState } from './session.js';
export type { SelectedMailboxInfo } from './selected.js';
export type { ImapTransport } from './transport.js';
export { createSaslClient, chooseMechanism } from './sasl/select.js';
export type { SaslClient, SaslCredentials } from './sasl/types.js';

export interface ImapBackendOptions {
  /** Name within a client; default 'imap'. */
  name?: string;
}

const IMPLEMENTED = new Set<Operation>(STORAGE_OPERATIONS);

/**
 * Search, watch, reading and threads load on first use: a process that lists or syncs loads 91
 * modules instead of 111, and imports this entry in ~0.20 s instead of ~0.22 s (4 runs each).
 */
const readingOps = () => import('./ops/reading.js');
const attachmentOps = () => import('./ops/attachment-stream.js');

export class ImapBackend implements Backend {
  readonly kind = 'imap';
  readonly name: string;
  readonly config: ImapConfig;
  /** The connection pool (`poolSize`, default 1); named `link` for protocol-level access. */
  private readonly link: ImapPool;

  constructor(config: ImapConfig, options: ImapBackendOptions = {}) {
    this.config = checkImapConfig(config);
    this.name = options.name ?? 'imap';
    this.link = new ImapPool(this.config);
  }

  /** One operation on a connection of its own, with the caller's signal / timeout. */
  private async call<T>(options: CallOptions, fn: (link: ImapLink) => Promise<T>): Promise<T> {
    try {
      return await withCallOptions(options, (signal) => this.link.run(fn, signal));
    } catch (e) {
      throw attributeError(e, this.name);
    }
  }

  /** One operation coroutine (ops/*.ts) run on a connection of its own. */
  private op<T>(options: CallOptions, make: (session: Session) => ImapCoroutine<T>): Promise<T> {
    return this.call(options, (link) => link.run(make));
  }

  supports(operation: Operation): boolean {
    return IMPLEMENTED.has(operation);
  }

  listMailboxes(options: ListMailboxesOptions = {}): Promise<Mailbox[]> {
    return this.op(options, (session) => mailboxes.listMailboxes(session, options));
  }
  createMailbox(path: MailboxPath, options: CreateMailboxOptions = {}): Promise<Mailbox> {
    return this.op(options, (session) => mailboxes.createMailbox(session, path, options.role));
  }
  renameMailbox(
    mailbox: MailboxRef,
    newPath: MailboxPath,
    options: CallOptions = {},
  ): Promise<Mailbox> {
    return this.op(options, (session) => mailboxes.renameMailbox(session, mailbox, newPath));
  }
  deleteMailbox(mailbox: MailboxRef, options: CallOptions = {}): Promise<void> {
    return this.op(options, (session) => mailboxes.deleteMailbox(session, mailbox));
  }
  diffMailboxes(state?: string, options: CallOptions = {}): Promise<MailboxDiff> {
    return this.op(options, (session) => mailboxes.diffMailboxes(session, state));
  }
  listEnvelopes(mailbox: MailboxRef, options: ListEnvelopesOptions = {}): Promise<EnvelopePage> {
    return listWithCursor(
      (o) => this.op(o, (session) => listEnvelopes(session, mailbox, o)),
      options,
    );
  }
  async searchEnvelopes(
    mailbox: MailboxRef,
    query: string | SearchQuery,
    options: SearchEnvelopesOptions = {},
  ): Promise<EnvelopePage> {
    const { searchEnvelopes } = await import('./ops/search.js');
    return this.op(options, (session) => searchEnvelopes(session, mailbox, query, options));
  }
  diffEnvelopes(
    mailbox: MailboxRef,
    state?: string,
    options: CallOptions = {},
  ): Promise<EnvelopeDiff> {
    return this.op(options, (session) => diffEnvelopes(session, mailbox, state, this.config.diff));
  }
  watchMailbox(mailbox: MailboxRef, options: WatchOptions = {}): AsyncIterable<WatchEvent> {
    const config = this.config;
    return (async function* () {
      const { watchMailbox } = await import('./ops/watch.js');
      yield* watchMailbox(config, mailbox, options);
    })();
  }
  getMessage(mailbox: MailboxRef, id: string, options: CallOptions = {}): Promise<Uint8Array> {
    return this.call(options, (link) => messageStream.getMessage(link, mailbox, id));
  }
  // reading (docs/reading.md; ops/reading.ts)
  async getEnvelope(mailbox: MailboxRef, id: string, options: CallOptions = {}): Promise<Envelope> {
    const reading = await readingOps();
    return this.op(options, (session) => reading.getEnvelope(session, mailbox, id));
  }
  async readMessage(
    mailbox: MailboxRef,
    id: string,
    options: ReadMessageOptions = {},
  ): Promise<Message> {
    const reading = await readingOps();
    return this.op(options, (session) => reading.readMessage(session, mailbox, id, options));
  }
  async getAttachment(
    mailbox: MailboxRef,
    id: string,
    partId: string,
    options: CallOptions = {},
  ): Promise<Uint8Array> {
    const attachments = await attachmentOps();
    return this.call(options, (link) => attachments.getAttachment(link, mailbox, id, partId));
  }
  async getAttachmentStream(
    mailbox: MailboxRef,
    id: string,
    partId: string,
    options: CallOptions = {},
  ): Promise<AsyncIterable<Uint8Array>> {
    const attachments = await attachmentOps();
    return this.call(options, (link) => attachments.getAttachmentStream(link, mailbox, id, partId));
  }
  iterateEnvelopes(
    mailbox: MailboxRef,
    options?: IterateEnvelopesOptions,
  ): AsyncIterable<Envelope> {
    return iterateWith((o) => this.listEnvelopes(mailbox, o), options);
  }
  /** The server's grouping (ops/threads.ts), then the envelopes it groups. */
  async listThreads(mailbox: MailboxRef, options: ListThreadsOptions = {}): Promise<ThreadPage> {
    threadWindow(options);
    const threads = await import('./ops/threads.js');
    const grouping = await this.op(options, (session) => threads.serverThreads(session, mailbox));
    const envelopes: Envelope[] = [];
    for await (const e of this.iterateEnvelopes(mailbox, options)) envelopes.push(e);
    return threads.threadsFromServer(grouping, envelopes, options);
  }
  /** Mailboxes with no change since their diffEnvelopes states: one round of STATUS (ops/unchanged.ts). */
  unchangedMailboxes(
    states: readonly { mailbox: MailboxRef; state: string }[],
    options: CallOptions = {},
  ): Promise<string[]> {
    return this.op(options, (session) => unchangedMailboxes(session, states));
  }
  /** Several messages in one UID FETCH (Backend.getMessages; ops/messages.ts). */
  getMessages(
    mailbox: MailboxRef,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<Map<string, Uint8Array>> {
    return this.op(options, (session) => messages.getMessages(session, mailbox, ids));
  }
  /** Streamed with bounded memory (BODY.PEEK[] literal in chunks, see ops/messages.ts). */
  getMessageStream(
    mailbox: MailboxRef,
    id: string,
    options: CallOptions = {},
  ): Promise<AsyncIterable<Uint8Array>> {
    return this.call(options, (link) => messageStream.getMessageStream(link, mailbox, id));
  }
  addMessage(
    mailbox: MailboxRef,
    raw: Uint8Array | string,
    options: AddMessageOptions = {},
  ): Promise<string> {
    return this.op(options, (session) => messages.addMessage(session, mailbox, raw, options));
  }
  copyMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options: CallOptions = {},
  ): Promise<IdMap> {
    return this.op(options, (session) => messages.copyMessages(session, from, ids, to));
  }
  moveMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options: CallOptions = {},
  ): Promise<IdMap> {
    return this.op(options, (session) => messages.moveMessages(session, from, ids, to));
  }
  deleteMessages(
    mailbox: MailboxRef,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<void> {
    return this.op(options, (session) => messages.deleteMessages(session, mailbox, ids));
  }
  storeFlags(
    mailbox: MailboxRef,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options: CallOptions = {},
  ): Promise<void> {
    return this.op(options, (session) => messages.storeFlags(session, mailbox, ids, action, flags));
  }

  async close(): Promise<void> {
    await this.link.close();
  }
}
