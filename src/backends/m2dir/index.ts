/**
 * mailroom/m2dir — the m2dir backend (docs/m2dir.md): an m2store of folders holding
 * `<date>,<checksum>.<nonce>` entries and `.meta/<id>.flags` files. Every operation is an
 * I/O-free coroutine; the driver performs its filesystem requests.
 */
import { attributeError } from '../../shared/errors.js';
import type { Backend, MailboxPath, Operation, StorageMethods } from '../../shared/backend.js';
import { STORAGE_OPERATIONS } from '../../shared/backend.js';
import { abortError, callSignal } from '../../shared/coroutine.js';
import { parseConfig, type M2dirConfig } from '../../shared/config.js';
import { MailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import type { SearchQuery } from '../../shared/search/ast.js';
import type {
  AddMessageOptions,
  CallOptions,
  CreateMailboxOptions,
  Envelope,
  EnvelopeDiff,
  EnvelopePage,
  IdMap,
  IterateEnvelopesOptions,
  ListEnvelopesOptions,
  ListMailboxesOptions,
  ListThreadsOptions,
  Mailbox,
  MailboxDiff,
  Message,
  ReadMessageOptions,
  SearchEnvelopesOptions,
  StoreFlagsAction,
  ThreadPage,
  WatchEvent,
  WatchOptions,
} from '../../shared/types.js';
import { diffEnvelopes, diffMailboxes } from './diffs.js';
import { ChecksumVerifier, checksumLength } from './checksum.js';
import { M2dirDriver, readFileChunks } from './driver.js';
import { envelopeBatch, folderOrder, listEnvelopes } from './envelopes.js';
import { openPartStream } from '../../shared/mime/part-stream.js';
import type { FsCo } from './fs-requests.js';
import { createMailbox, deleteMailbox, listMailboxes, renameMailbox } from './mailboxes.js';
import {
  addMessage,
  copyMessages,
  deleteMessages,
  getMessage,
  checksumMismatch,
  locateMessage,
  moveMessages,
  readVerified,
} from './messages.js';
import { joinPath } from './layout.js';
import * as reading from './reading.js';
import { checkBatch, listWithCursor, threadsFrom } from '../../shared/reading/defaults.js';
import { searchEnvelopes } from './search.js';
import { storeFlags } from './store-flags.js';

export type { M2dirConfig } from '../../shared/config.js';
export * as coroutines from './coroutines.js';

export interface M2dirBackendOptions {
  /** Name within a client; default 'm2dir'. */
  name?: string;
}

const STREAM_CHUNK = 64 * 1024;
/** Messages up to this size are read whole (one read beats two streamed passes). */
const STREAM_WHOLE_BELOW = 1024 * 1024;

export class M2dirBackend implements Backend, StorageMethods {
  readonly kind = 'm2dir';
  readonly name: string;
  readonly config: M2dirConfig;
  private readonly driver: M2dirDriver;

  constructor(config: M2dirConfig, options: M2dirBackendOptions = {}) {
    this.config = parseConfig('m2dir', config);
    this.name = options.name ?? 'm2dir';
    this.driver = new M2dirDriver(this.config.root, this.config.create === true);
  }

  /** The absolute store root. */
  get root(): string {
    return this.driver.root;
  }

  supports(operation: Operation): boolean {
    return (STORAGE_OPERATIONS as readonly string[]).includes(operation);
  }

  async close(): Promise<void> {
    // nothing held between calls; watches end with their signal
  }

  private async run<T>(make: (root: string) => FsCo<T>, options: CallOptions = {}): Promise<T> {
    const { signal, dispose } = callSignal(options);
    try {
      return await this.driver.run(make(this.driver.root), signal);
    } catch (e) {
      throw attributeError(e, this.name);
    } finally {
      dispose();
    }
  }

  listMailboxes(options: ListMailboxesOptions = {}): Promise<Mailbox[]> {
    return this.run((root) => listMailboxes(root, options.counts === true), options);
  }

  createMailbox(path: MailboxPath, options: CreateMailboxOptions = {}): Promise<Mailbox> {
    return this.run((root) => createMailbox(root, path), options);
  }

  renameMailbox(
    mailbox: string,
    newPath: MailboxPath,
    options: CallOptions = {},
  ): Promise<Mailbox> {
    return this.run((root) => renameMailbox(root, mailbox, newPath), options);
  }

  deleteMailbox(mailbox: string, options: CallOptions = {}): Promise<void> {
    return this.run((root) => deleteMailbox(root, mailbox), options);
  }

  diffMailboxes(state?: string, options: CallOptions = {}): Promise<MailboxDiff> {
    return this.run((root) => diffMailboxes(root, state), options);
  }

  listEnvelopes(mailbox: string, options: ListEnvelopesOptions = {}): Promise<EnvelopePage> {
    return listWithCursor((o) => this.run((root) => listEnvelopes(root, mailbox, o), o), options);
  }

  searchEnvelopes(
    mailbox: string,
    query: string | SearchQuery,
    options: SearchEnvelopesOptions = {},
  ): Promise<EnvelopePage> {
    return searchEnvelopes(this.driver, mailbox, query, options);
  }

  diffEnvelopes(mailbox: string, state?: string, options: CallOptions = {}): Promise<EnvelopeDiff> {
    return this.run((root) => diffEnvelopes(root, mailbox, state), options);
  }

  watchMailbox(mailbox: string, options: WatchOptions = {}): AsyncIterable<WatchEvent> {
    return this.driver.watch(mailbox, options.signal, options.onReady);
  }

  // ---- reading (docs/reading.md) ----------------------------------------------------------

  getEnvelope(mailbox: string, id: string, options: CallOptions = {}): Promise<Envelope> {
    return this.run((root) => reading.getEnvelope(root, mailbox, id), options);
  }

  readMessage(mailbox: string, id: string, options: ReadMessageOptions = {}): Promise<Message> {
    return this.run((root) => reading.readMessage(root, mailbox, id, options), options);
  }

  getAttachment(
    mailbox: string,
    id: string,
    partId: string,
    options: CallOptions = {},
  ): Promise<Uint8Array> {
    return this.run((root) => reading.getAttachment(root, mailbox, id, partId), options);
  }

  async getAttachmentStream(
    mailbox: string,
    id: string,
    partId: string,
    options: CallOptions = {},
  ): Promise<AsyncIterable<Uint8Array>> {
    // the verified message stream, walked to the part (shared/mime/part-stream.ts): one chunk
    // and one part header in memory, whatever the message's size
    const message = await this.getMessageStream(mailbox, id, options);
    return openPartStream(message, partId, `message ${id} in ${mailbox}`).catch((e: unknown) => {
      throw attributeError(e, this.name);
    });
  }

  /** One sorted readDir, then the envelopes batch by batch (envelopes.ts folderOrder). */
  async *iterateEnvelopes(
    mailbox: string,
    options: IterateEnvelopesOptions = {},
  ): AsyncGenerator<Envelope> {
    const batch = checkBatch(options);
    const order = await this.run((root) => folderOrder(root, mailbox), options);
    for (let at = 0; at < order.sorted.length; at += batch) {
      if (options.signal?.aborted === true) throw abortError(options.signal);
      const slice = order.sorted.slice(at, at + batch);
      yield* await this.run(() => envelopeBatch(order.listing, order.mailbox, slice), options);
    }
  }

  listThreads(mailbox: string, options: ListThreadsOptions = {}): Promise<ThreadPage> {
    return threadsFrom(this.iterateEnvelopes(mailbox, options), options);
  }

  getMessage(mailbox: string, id: string, options: CallOptions = {}): Promise<Uint8Array> {
    return this.run((root) => getMessage(root, mailbox, id), options);
  }

  /**
   * The content is checksum-verified before the first chunk is handed out. Small messages are
   * read once; larger ones are read twice in chunks (verify, then hand out), so memory stays at
   * one chunk whatever the size. Should the file change between the two passes, the stream
   * ends with ERR_CHECKSUM.
   */
  async getMessageStream(
    mailbox: string,
    id: string,
    options: CallOptions = {},
  ): Promise<AsyncIterable<Uint8Array>> {
    const { folder, entry } = await this.run((root) => locateMessage(root, mailbox, id), options);
    const size = checksumLength(entry.checksum);
    if (size === undefined || size <= STREAM_WHOLE_BELOW) {
      const bytes = await this.run(() => readVerified(folder, entry), options);
      return (async function* chunks() {
        for (let i = 0; i < bytes.length; i += STREAM_CHUNK)
          yield bytes.subarray(i, i + STREAM_CHUNK);
      })();
    }
    const path = joinPath(folder.dir, entry.file);
    const check = new ChecksumVerifier(entry.checksum);
    for await (const chunk of readFileChunks(path, STREAM_CHUNK, options.signal))
      check.update(chunk);
    if (!check.matches()) throw checksumMismatch(folder.mailbox, entry.id);
    return (async function* verifiedChunks() {
      const again = new ChecksumVerifier(entry.checksum);
      for await (const chunk of readFileChunks(path, STREAM_CHUNK, options.signal)) {
        again.update(chunk);
        yield chunk;
      }
      if (!again.matches()) throw checksumMismatch(folder.mailbox, entry.id);
    })();
  }

  addMessage(
    mailbox: string,
    raw: Uint8Array | string,
    options: AddMessageOptions = {},
  ): Promise<string> {
    const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    if (!(bytes instanceof Uint8Array)) {
      return Promise.reject(
        new MailError('ERR_INVALID_ARGUMENT', 'message must be bytes or a string'),
      );
    }
    return this.run(
      (root) => addMessage(root, mailbox, bytes, options.flags ?? [], options.receivedAt),
      options,
    );
  }

  copyMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options: CallOptions = {},
  ): Promise<IdMap> {
    return this.run((root) => copyMessages(root, from, ids, to), options);
  }

  moveMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options: CallOptions = {},
  ): Promise<IdMap> {
    return this.run((root) => moveMessages(root, from, ids, to), options);
  }

  deleteMessages(
    mailbox: string,
    ids: readonly string[],
    options: CallOptions = {},
  ): Promise<void> {
    return this.run((root) => deleteMessages(root, mailbox, ids), options);
  }

  storeFlags(
    mailbox: string,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options: CallOptions = {},
  ): Promise<void> {
    return this.run((root) => storeFlags(root, mailbox, ids, action, flags), options);
  }
}
