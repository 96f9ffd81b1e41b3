/**
 * mailroom/imap — the Imap backend's public face: the shared storage operations (ops/) over
 * the project's IMAP core, on one lazily opened, reused connection (ops/link.ts).
 */
import type { Backend, MailboxPath, Operation } from '../../shared/backend.js';
import { STORAGE_OPERATIONS } from '../../shared/backend.js';
import { parseConfig, imapConfigSchema, type ImapConfig } from '../../shared/config.js';
import type { SearchQuery } from '../../shared/search/ast.js';
import type {
  AddMessageOptions,
  CallOptions,
  CreateMailboxOptions,
  EnvelopeDiff,
  EnvelopePage,
  Flag,
  IdMap,
  ListEnvelopesOptions,
  ListMailboxesOptions,
  Mailbox,
  MailboxDiff,
  MailboxRef,
  SearchEnvelopesOptions,
  StoreFlagsAction,
  WatchEvent,
  WatchOptions,
} from '../../shared/types.js';
import { ImapLink } from './ops/link.js';
import * as mailboxes from './ops/mailboxes.js';
import { listEnvelopes } from './ops/envelopes.js';
import * as messages from './ops/messages.js';
import { searchEnvelopes } from './ops/search.js';
import { diffEnvelopes } from './ops/diff.js';
import { watchMailbox } from './ops/watch.js';
import { withCallOptions } from './ops/call.js';

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

export class ImapBackend implements Backend {
  readonly kind = 'imap';
  readonly name: string;
  readonly config: ImapConfig;
  private readonly link: ImapLink;

  constructor(config: ImapConfig, options: ImapBackendOptions = {}) {
    this.config = parseConfig(imapConfigSchema, config, 'imap');
    this.name = options.name ?? 'imap';
    this.link = new ImapLink(this.config);
  }

  supports(operation: Operation): boolean {
    return IMPLEMENTED.has(operation);
  }

  listMailboxes(options: ListMailboxesOptions = {}): Promise<Mailbox[]> {
    return withCallOptions(options, () => mailboxes.listMailboxes(this.link, options));
  }
  createMailbox(path: MailboxPath, options: CreateMailboxOptions = {}): Promise<Mailbox> {
    return withCallOptions(options, () => mailboxes.createMailbox(this.link, path, options.role));
  }
  renameMailbox(
    mailbox: MailboxRef,
    newPath: MailboxPath,
    options: CallOptions = {},
  ): Promise<Mailbox> {
    return withCallOptions(options, () => mailboxes.renameMailbox(this.link, mailbox, newPath));
  }
  deleteMailbox(mailbox: MailboxRef, options: CallOptions = {}): Promise<void> {
    return withCallOptions(options, () => mailboxes.deleteMailbox(this.link, mailbox));
  }
  diffMailboxes(state?: string, options: CallOptions = {}): Promise<MailboxDiff> {
    return withCallOptions(options, () => mailboxes.diffMailboxes(this.link, state));
  }
  listEnvelopes(mailbox: MailboxRef, options: ListEnvelopesOptions = {}): Promise<EnvelopePage> {
    return withCallOptions(options, () => listEnvelopes(this.link, mailbox, options));
  }
  searchEnvelopes(
    mailbox: MailboxRef,
    query: string | SearchQuery,
    options: SearchEnvelopesOptions = {},
  ): Promise<EnvelopePage> {
    return withCallOptions(options, () => searchEnvelopes(this.link, mailbox, query, options));
  }
  diffEnvelopes(
    mailbox: MailboxRef,
    state?: string,
    options: CallOptions = {},
  ): Promise<EnvelopeDiff> {
    return withCallOptions(options, () =>
      diffEnvelopes(this.link, mailbox, state, this.config.diff),
    );
  }
  watchMailbox(mailbox: MailboxRef, options: WatchOptions = {}): AsyncIterable<WatchEvent> {
    return watchMailbox(this.config, mailbox, options);
  }
  getMessage(mailbox: MailboxRef, id: string, options: CallOptions = {}): Promise<Uint8Array> {
    return withCallOptions(options, () => messages.getMessage(this.link, mailbox, id));
  }
  /** Streamed with bounded memory (BODY.PEEK[] literal in chunks, see ops/messages.ts). */
  getMessageStream(
    mailbox: MailboxRef,
    id: string,
    options: CallOptions = {},
  ): Promise<AsyncIterable<Uint8Array>> {
    return withCallOptions(options, () => messages.getMessageStream(this.link, mailbox, id));
  }
  addMessage(
    mailbox: MailboxRef,
    raw: Uint8Array | string,
    options: AddMessageOptions = {},
  ): Promise<string> {
    return withCallOptions(options, () => messages.addMessage(this.link, mailbox, raw, options));
  }
  copyMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options: CallOptions = {},
  ): Promise<IdMap> {
    return withCallOptions(options, () => messages.copyMessages(this.link, from, ids, to));
  }
  moveMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options: CallOptions = {},
  ): Promise<IdMap> {
    return withCallOptions(options, () => messages.moveMessages(this.link, from, ids, to));
  }
  deleteMessages(
    mailbox: MailboxRef,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<void> {
    return withCallOptions(options, () => messages.deleteMessages(this.link, mailbox, ids));
  }
  storeFlags(
    mailbox: MailboxRef,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options: CallOptions = {},
  ): Promise<void> {
    return withCallOptions(options, () =>
      messages.storeFlags(this.link, mailbox, ids, action, flags),
    );
  }

  async close(): Promise<void> {
    await this.link.close();
  }
}
