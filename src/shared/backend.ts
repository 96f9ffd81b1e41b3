/**
 * The Backend interface every backend implements (and the client dispatches to). It lives in
 * `shared` so backends can implement it without importing the client.
 */
import type {
  AddMessageOptions,
  CallOptions,
  ComposeMessage,
  CreateMailboxOptions,
  EnvelopeDiff,
  Envelope,
  EnvelopePage,
  Flag,
  IterateEnvelopesOptions,
  ListThreadsOptions,
  Message,
  ReadMessageOptions,
  ThreadPage,
  IdMap,
  ListEnvelopesOptions,
  ListMailboxesOptions,
  Mailbox,
  MailboxDiff,
  MailboxRef,
  SearchEnvelopesOptions,
  SendOptions,
  SendResult,
  StoreFlagsAction,
  WatchEvent,
  WatchOptions,
} from './types.js';
import type { SearchQuery } from './search/ast.js';

export const STORAGE_OPERATIONS = [
  'listMailboxes',
  'createMailbox',
  'renameMailbox',
  'deleteMailbox',
  'diffMailboxes',
  'listEnvelopes',
  'searchEnvelopes',
  'diffEnvelopes',
  'watchMailbox',
  'getMessage',
  'getMessageStream',
  'addMessage',
  'copyMessages',
  'moveMessages',
  'deleteMessages',
  'storeFlags',
  // reading (docs/reading.md)
  'getEnvelope',
  'readMessage',
  'getAttachment',
  'getAttachmentStream',
  'iterateEnvelopes',
  'listThreads',
] as const;

export type StorageOperation = (typeof STORAGE_OPERATIONS)[number];
export type Operation = StorageOperation | 'sendMessage';
export const OPERATIONS: readonly Operation[] = [...STORAGE_OPERATIONS, 'sendMessage'];

/** The kinds the client knows priorities for; custom backends may use any other name. */
export type BackendKind = 'maildir' | 'm2dir' | 'jmap' | 'imap' | 'smtp';

/** A path to create or rename to: components, or a string split on '/'. */
export type MailboxPath = string | readonly string[];

export interface StorageMethods {
  listMailboxes(options?: ListMailboxesOptions): Promise<Mailbox[]>;
  createMailbox(path: MailboxPath, options?: CreateMailboxOptions): Promise<Mailbox>;
  renameMailbox(mailbox: MailboxRef, newPath: MailboxPath, options?: CallOptions): Promise<Mailbox>;
  deleteMailbox(mailbox: MailboxRef, options?: CallOptions): Promise<void>;
  diffMailboxes(state?: string, options?: CallOptions): Promise<MailboxDiff>;
  listEnvelopes(mailbox: MailboxRef, options?: ListEnvelopesOptions): Promise<EnvelopePage>;
  searchEnvelopes(
    mailbox: MailboxRef,
    query: string | SearchQuery,
    options?: SearchEnvelopesOptions,
  ): Promise<EnvelopePage>;
  diffEnvelopes(mailbox: MailboxRef, state?: string, options?: CallOptions): Promise<EnvelopeDiff>;
  watchMailbox(mailbox: MailboxRef, options?: WatchOptions): AsyncIterable<WatchEvent>;
  getMessage(mailbox: MailboxRef, id: string, options?: CallOptions): Promise<Uint8Array>;
  getMessageStream(
    mailbox: MailboxRef,
    id: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>>;
  addMessage(
    mailbox: MailboxRef,
    raw: Uint8Array | string,
    options?: AddMessageOptions,
  ): Promise<string>;
  copyMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options?: CallOptions,
  ): Promise<IdMap>;
  moveMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options?: CallOptions,
  ): Promise<IdMap>;
  deleteMessages(mailbox: MailboxRef, ids: readonly string[], options?: CallOptions): Promise<void>;
  storeFlags(
    mailbox: MailboxRef,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options?: CallOptions,
  ): Promise<void>;
  /** One message's envelope; ERR_NOT_FOUND when it is gone. */
  getEnvelope(mailbox: MailboxRef, id: string, options?: CallOptions): Promise<Envelope>;
  /** Envelope, headers, decoded bodies and attachment list; never marks the message seen. */
  readMessage(mailbox: MailboxRef, id: string, options?: ReadMessageOptions): Promise<Message>;
  /** One part's content, transfer-decoded, fetched without the rest of the message. */
  getAttachment(
    mailbox: MailboxRef,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<Uint8Array>;
  getAttachmentStream(
    mailbox: MailboxRef,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>>;
  /** Every envelope in listing order, memory bounded by the batch. */
  iterateEnvelopes(mailbox: MailboxRef, options?: IterateEnvelopesOptions): AsyncIterable<Envelope>;
  listThreads(mailbox: MailboxRef, options?: ListThreadsOptions): Promise<ThreadPage>;
}

export interface SendMethods {
  sendMessage(
    message: Uint8Array | string | ComposeMessage,
    options?: SendOptions,
  ): Promise<SendResult>;
}

/**
 * A backend implements any subset of the operations. `supports` answers whether it can do one
 * now (IMAP/JMAP may consult server capabilities, hence the Promise). Calling an operation it
 * cannot do throws ERR_UNSUPPORTED.
 */
export interface Backend extends Partial<StorageMethods>, Partial<SendMethods> {
  /** Unique name within a client, e.g. 'maildir', 'imap', 'work-imap'. */
  readonly name: string;
  /** Selects the default priority: storage maildir → m2dir → jmap → imap; send jmap → smtp. */
  readonly kind: BackendKind | (string & {});
  supports(operation: Operation): boolean | Promise<boolean>;
  /**
   * Optional batch read: several whole messages of one mailbox in one round trip (IMAP: one
   * UID FETCH). Ids no longer there are absent from the map. Used by sync when present, which
   * falls back to `getMessage` per id; the caller bounds the batch.
   */
  getMessages?(
    mailbox: MailboxRef,
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, Uint8Array>>;
  /**
   * Optional cheap check before many diffEnvelopes calls: of the given mailboxes, each with a
   * state an earlier diffEnvelopes returned, the ids of those whose diffEnvelopes would report
   * nothing now (IMAP: one pipelined round of STATUS instead of a SELECT per mailbox). It errs
   * only one way: a mailbox it names is unchanged; one it leaves out may or may not be. Sync
   * uses it when present and keeps the old states of the mailboxes it names.
   */
  unchangedMailboxes?(
    states: readonly { mailbox: MailboxRef; state: string }[],
    options?: CallOptions,
  ): Promise<string[]>;
  close(): Promise<void>;
}
