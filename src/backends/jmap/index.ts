/**
 * mailroom/jmap — the JMAP backend (RFC 8620 core, RFC 8621 mail). Operations are I/O-free
 * coroutines (this directory); driver.ts performs their HTTP requests with undici.
 *
 * Choices worth knowing (details in the files named):
 * - Mailbox references are ids or name paths; `INBOX` is the role-inbox mailbox (mailbox-tree.ts).
 * - One Email can sit in several mailboxes and content-deduplicating servers (Cyrus) give a
 *   re-added message its existing id: copy adds a mailbox, move swaps one, delete only unlinks
 *   a message that is also elsewhere, and flags are shared by all its mailboxes (messages.ts).
 * - Search dates compare receivedAt with UTC day bounds (search-filter.ts).
 * - diffEnvelopes states carry the ids known to be in the mailbox, so diffs are exact (diff.ts).
 * - Cyrus 3.6 stores a keyword patched as `keywords/a~1b` literally (it does not unescape the
 *   RFC 6901 pointer): keywords containing `/` or `~` do not round-trip there.
 */
import type { Backend, MailboxPath, Operation } from '../../shared/backend.js';
import { STORAGE_OPERATIONS } from '../../shared/backend.js';
import { callSignal } from '../../shared/coroutine.js';
import { parseConfig, type JmapConfig } from '../../shared/config.js';
import { MailError, attributeError, isMailError } from '../../shared/errors.js';
import type { SearchQuery } from '../../shared/search/ast.js';
import type {
  AddMessageOptions,
  CallOptions,
  ComposeMessage,
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
  Message,
  ReadMessageOptions,
  SearchEnvelopesOptions,
  SendOptions,
  SendResult,
  StoreFlagsAction,
  ThreadPage,
  WatchEvent,
  WatchOptions,
} from '../../shared/types.js';
import { downloadBlob, downloadRequest, checkDownload } from './blobs.js';
import { diffEnvelopes } from './diff.js';
import { JmapDriver } from './driver.js';
import { listEnvelopes, searchEnvelopes } from './envelopes.js';
import * as reading from './reading.js';
import {
  iterateWith,
  listWithCursor,
  threadPageByServerId,
} from '../../shared/reading/defaults.js';
import { checkStatus, type JmapCo } from './http.js';
import * as boxes from './mailboxes.js';
import * as msgs from './messages.js';
import type { JmapContext } from './request.js';
import { SUBMISSION } from './schemas.js';
import { sendRaw } from './send.js';
import { discoverSession } from './session.js';
import { watchMailbox } from './watch.js';

export type { JmapConfig } from '../../shared/config.js';
export * as coroutines from './coroutines.js';

export interface JmapBackendOptions {
  /** Name within a client; default 'jmap'. */
  name?: string;
}

const toBytes = (raw: Uint8Array | string): Uint8Array =>
  typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;

/** Concurrent blob downloads of one getMessages (the driver keeps a connection pool per origin). */
const DOWNLOADS_AT_ONCE = 6;

export class JmapBackend implements Backend {
  readonly kind = 'jmap';
  readonly name: string;
  readonly config: JmapConfig;
  private readonly driver: JmapDriver;
  private context: Promise<JmapContext> | undefined;

  constructor(config: JmapConfig, options: JmapBackendOptions = {}) {
    this.config = parseConfig('jmap', config);
    this.name = options.name ?? 'jmap';
    this.driver = new JmapDriver(this.config.tls, this.config.timeouts?.connectMs);
  }

  private authorization(): string {
    const auth = this.config.auth;
    if ('bearer' in auth) return `Bearer ${auth.bearer}`;
    return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
  }

  /** The session, discovered once (RFC 8620 §2); a failed discovery is retried next call. */
  private session(options: CallOptions = {}): Promise<JmapContext> {
    if (this.context === undefined) {
      const authorization = this.authorization();
      this.context = this.driver
        .run(discoverSession(this.config.url, authorization, this.config.accountId), options.signal)
        .then((session) => ({ session, authorization }));
      this.context.catch(() => {
        this.context = undefined;
      });
    }
    return this.context;
  }

  private async run<T>(
    options: CallOptions | undefined,
    make: (ctx: JmapContext) => JmapCo<T>,
  ): Promise<T> {
    const timeoutMs = options?.timeoutMs ?? this.config.timeouts?.commandMs;
    const { signal, dispose } = callSignal({
      ...(options?.signal === undefined ? {} : { signal: options.signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    try {
      const ctx = await this.session(signal === undefined ? {} : { signal });
      return await this.driver.run(make(ctx), signal);
    } catch (e) {
      throw attributeError(e, this.name);
    } finally {
      dispose();
    }
  }

  async supports(operation: Operation): Promise<boolean> {
    if (operation === 'sendMessage') {
      try {
        return (await this.session()).session.capabilities.includes(SUBMISSION);
      } catch {
        return false;
      }
    }
    return (STORAGE_OPERATIONS as readonly string[]).includes(operation);
  }

  listMailboxes(options?: ListMailboxesOptions): Promise<Mailbox[]> {
    return this.run(options, (ctx) => boxes.listMailboxes(ctx, options?.counts === true));
  }

  createMailbox(path: MailboxPath, options?: CreateMailboxOptions): Promise<Mailbox> {
    return this.run(options, (ctx) => boxes.createMailbox(ctx, path, options?.role));
  }

  renameMailbox(mailbox: string, newPath: MailboxPath, options?: CallOptions): Promise<Mailbox> {
    return this.run(options, (ctx) => boxes.renameMailbox(ctx, mailbox, newPath));
  }

  deleteMailbox(mailbox: string, options?: CallOptions): Promise<void> {
    return this.run(options, (ctx) => boxes.deleteMailbox(ctx, mailbox));
  }

  diffMailboxes(state?: string, options?: CallOptions): Promise<MailboxDiff> {
    return this.run(options, (ctx) => boxes.diffMailboxes(ctx, state));
  }

  listEnvelopes(mailbox: string, options?: ListEnvelopesOptions): Promise<EnvelopePage> {
    return listWithCursor((o) => this.run(o, (ctx) => listEnvelopes(ctx, mailbox, o)), options);
  }

  // ---- reading (docs/reading.md; reading.ts) ---------------------------------------------

  getEnvelope(mailbox: string, id: string, options?: CallOptions): Promise<Envelope> {
    return this.run(options, (ctx) => reading.getEnvelope(ctx, mailbox, id));
  }

  readMessage(mailbox: string, id: string, options: ReadMessageOptions = {}): Promise<Message> {
    return this.run(options, (ctx) => reading.readMessage(ctx, mailbox, id, options));
  }

  getAttachment(
    mailbox: string,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<Uint8Array> {
    return this.run(options, (ctx) => reading.getAttachment(ctx, mailbox, id, partId));
  }

  async getAttachmentStream(
    mailbox: string,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    const blobId = await this.run(options, (ctx) => reading.partBlobId(ctx, mailbox, id, partId));
    return this.download(blobId, options);
  }

  iterateEnvelopes(mailbox: string, options?: IterateEnvelopesOptions): AsyncIterable<Envelope> {
    return iterateWith((o) => this.listEnvelopes(mailbox, o), options);
  }

  /** Threads as the server groups them (Email threadId, RFC 8621 §3), newest first. */
  async listThreads(mailbox: string, options: ListThreadsOptions = {}): Promise<ThreadPage> {
    const all: Envelope[] = [];
    for await (const e of this.iterateEnvelopes(mailbox, options)) all.push(e);
    return threadPageByServerId(all, options);
  }

  searchEnvelopes(
    mailbox: string,
    query: string | SearchQuery,
    options?: SearchEnvelopesOptions,
  ): Promise<EnvelopePage> {
    return this.run(options, (ctx) => searchEnvelopes(ctx, mailbox, query, options ?? {}));
  }

  diffEnvelopes(mailbox: string, state?: string, options?: CallOptions): Promise<EnvelopeDiff> {
    return this.run(options, (ctx) => diffEnvelopes(ctx, mailbox, state));
  }

  watchMailbox(mailbox: string, options: WatchOptions = {}): AsyncIterable<WatchEvent> {
    return watchMailbox({
      driver: this.driver,
      session: () => this.session(options.signal === undefined ? {} : { signal: options.signal }),
      mailbox,
      signal: options.signal,
      pollIntervalMs: options.pollIntervalMs,
      onReady: options.onReady,
    });
  }

  getMessage(mailbox: string, id: string, options?: CallOptions): Promise<Uint8Array> {
    return this.run(options, (ctx) => msgs.getMessage(ctx, mailbox, id));
  }

  /**
   * Several whole messages of one mailbox (Backend.getMessages, used by sync): one Email/get for
   * all their blob ids instead of one per message, then the downloads, DOWNLOADS_AT_ONCE at a
   * time. Ids gone from the mailbox, or whose blob is gone, are absent from the map.
   */
  async getMessages(
    mailbox: string,
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, Uint8Array>> {
    const blobIds = await this.run(options, (ctx) => msgs.messageBlobIds(ctx, mailbox, ids));
    const out = new Map<string, Uint8Array>();
    const queue = [...blobIds];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const [id, blobId] = next;
        try {
          out.set(id, await this.run(options, (ctx) => downloadBlob(ctx, blobId)));
        } catch (e) {
          if (!isMailError(e, 'ERR_NOT_FOUND')) throw e; // deleted since the Email/get
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, queue.length) }, worker));
    // In the order asked (a Map keeps insertion order; the downloads finish in any order).
    return new Map(ids.flatMap((id) => (out.has(id) ? [[id, out.get(id) as Uint8Array]] : [])));
  }

  async getMessageStream(
    mailbox: string,
    id: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    const blobId = await this.run(options, (ctx) => msgs.messageBlobId(ctx, mailbox, id));
    return this.download(blobId, options);
  }

  /** A blob as a stream (RFC 8620 §6.2 download). */
  private async download(
    blobId: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    const ctx = await this.session();
    const response = await this.driver.stream(downloadRequest(ctx, blobId), options?.signal);
    if (response.status < 200 || response.status >= 300) {
      response.cancel();
      checkDownload(response.status, blobId);
      checkStatus(
        { status: response.status, headers: response.headers, body: new Uint8Array() },
        'JMAP download',
      );
    }
    return response.body;
  }

  addMessage(
    mailbox: string,
    raw: Uint8Array | string,
    options?: AddMessageOptions,
  ): Promise<string> {
    return this.run(options, (ctx) =>
      msgs.addMessage(ctx, mailbox, toBytes(raw), {
        flags: options?.flags,
        receivedAt: options?.receivedAt,
      }),
    );
  }

  copyMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.run(options, (ctx) => msgs.copyMessages(ctx, from, ids, to));
  }

  moveMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.run(options, (ctx) => msgs.moveMessages(ctx, from, ids, to));
  }

  deleteMessages(mailbox: string, ids: readonly string[], options?: CallOptions): Promise<void> {
    return this.run(options, (ctx) => msgs.deleteMessages(ctx, mailbox, ids));
  }

  storeFlags(
    mailbox: string,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options?: CallOptions,
  ): Promise<void> {
    return this.run(options, (ctx) => msgs.storeFlags(ctx, mailbox, ids, action, flags));
  }

  async sendMessage(
    message: Uint8Array | string | ComposeMessage,
    options: SendOptions = {},
  ): Promise<SendResult> {
    if (!(await this.supports('sendMessage'))) {
      throw new MailError(
        'ERR_UNSUPPORTED',
        'the JMAP server does not offer urn:ietf:params:jmap:submission',
      );
    }
    let raw: Uint8Array;
    let envelope = options.envelope;
    if (typeof message === 'string' || message instanceof Uint8Array) raw = toBytes(message);
    else {
      raw = await this.driver.compose(message);
      // The Bcc header is not written, so Bcc recipients must travel in the envelope.
      if (envelope === undefined && (message.bcc ?? []).length > 0)
        envelope = composeEnvelope(message);
    }
    return this.run(options, (ctx) => sendRaw(ctx, raw, envelope));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function emailOf(a: { email: string } | string): string {
  if (typeof a !== 'string') return a.email;
  return /<([^>]+)>/.exec(a)?.[1] ?? a.trim();
}

function composeEnvelope(m: ComposeMessage): { from: string; to: string[] } {
  return {
    from: emailOf(m.from),
    to: [...(m.to ?? []), ...(m.cc ?? []), ...(m.bcc ?? [])].map(emailOf),
  };
}
