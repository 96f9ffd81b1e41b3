/**
 * mailroom/maildir — the Maildir backend's public face. Every operation is a coroutine from this
 * folder run by driver.ts; this class only validates arguments, resolves the layout once, and
 * wires signals and timeouts.
 */
import type { Backend, MailboxPath, Operation } from '../../shared/backend.js';
import { STORAGE_OPERATIONS } from '../../shared/backend.js';
import { abortError, callSignal } from '../../shared/coroutine.js';
import type { MaildirConfig } from '../../shared/config.js';
import { checkMaildirConfig } from '../../shared/config-check/maildir.js';
import { MailError, attributeError, toMailError } from '../../shared/errors.js';
import { normalizeFlags, type Flag } from '../../shared/flags.js';
import { findHeaderEnd } from '../../shared/mime/headers.js';
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
  StoreFlagsAction,
  ThreadPage,
  WatchEvent,
  WatchOptions,
} from '../../shared/types.js';
import {
  bodyText,
  defaultCacheDir,
  openMessageStream,
  realPath,
  run,
  watchDirectories,
} from './driver.js';
import { join } from './fs-requests.js';
import { getMessage, locateMessage } from './get-message.js';
import {
  diffEnvelopes,
  diffMailboxes,
  envelopesInOrder,
  listAllEnvelopes,
  listEnvelopes,
  listingOrder,
  paginate,
} from './listing.js';
import * as boxes from './mailboxes.js';
import * as messages from './messages.js';
import * as reading from './reading.js';
import { openPartStream } from '../../shared/mime/part-stream.js';
import { checkBatch, listWithCursor, threadsFrom } from '../../shared/reading/defaults.js';
import { openMailbox, type StoreContext } from './store.js';
import { storeFlags } from './store-flags.js';
import { snapshotFlags, watchStep } from './watch-step.js';

export type { MaildirConfig } from '../../shared/config.js';
export * as coroutines from './coroutines.js';
import { openStore } from './coroutines.js';

export interface MaildirBackendOptions {
  /** Name within a client; default 'maildir'. */
  name?: string;
}

const toBytes = (raw: Uint8Array | string): Uint8Array =>
  typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;

function checkIds(ids: readonly string[]): void {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === ''))
    throw new MailError('ERR_INVALID_ARGUMENT', 'message ids must be non-empty strings', {
      backend: 'maildir',
    });
}

/** Size bound of the header cache directory (docs/maildir.md "Header cache"). */
const CACHE_MAX_BYTES = 256 * 1024 * 1024;

export class MaildirBackend implements Backend {
  readonly kind = 'maildir';
  readonly name: string;
  readonly config: MaildirConfig;
  private store: Promise<StoreContext> | undefined;

  constructor(config: MaildirConfig, options: MaildirBackendOptions = {}) {
    this.config = checkMaildirConfig(config);
    this.name = options.name ?? 'maildir';
  }

  supports(operation: Operation): boolean {
    return (STORAGE_OPERATIONS as readonly string[]).includes(operation);
  }

  async close(): Promise<void> {
    // Nothing is held between calls; watchers close with their iterators.
  }

  /** Resolve the root (expanding ~) and layout once; a failure is retried on the next call. */
  private context(): Promise<StoreContext> {
    this.store ??= (async () => {
      const root = this.config.root.replace(/^~(?=$|\/)/, process.env.HOME ?? '~');
      const ctx = await run(
        openStore(root, {
          layout: this.config.layout ?? 'auto',
          create: this.config.create === true,
        }),
      );
      if (this.config.headerCache !== false)
        ctx.headerCache = {
          dir: this.config.cacheDir ?? defaultCacheDir(),
          realRoot: await realPath(ctx.root),
          maxBytes: CACHE_MAX_BYTES,
        };
      return ctx;
    })().catch((e: unknown) => {
      this.store = undefined;
      throw e;
    });
    return this.store;
  }

  private async call<T>(
    options: CallOptions | undefined,
    op: (ctx: StoreContext, signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    const { signal, dispose } = callSignal(options);
    try {
      return await op(await this.context(), signal);
    } catch (e) {
      throw attributeError(
        toMailError(e, 'ERR_IO', 'maildir operation failed', this.name),
        this.name,
      );
    } finally {
      dispose();
    }
  }

  listMailboxes(options?: ListMailboxesOptions): Promise<Mailbox[]> {
    return this.call(options, (ctx, s) =>
      run(boxes.listMailboxes(ctx, options?.counts === true), s),
    );
  }

  createMailbox(path: MailboxPath, options?: CreateMailboxOptions): Promise<Mailbox> {
    return this.call(options, (ctx, s) => run(boxes.createMailbox(ctx, path), s));
  }

  renameMailbox(mailbox: string, newPath: MailboxPath, options?: CallOptions): Promise<Mailbox> {
    return this.call(options, (ctx, s) => run(boxes.renameMailbox(ctx, mailbox, newPath), s));
  }

  deleteMailbox(mailbox: string, options?: CallOptions): Promise<void> {
    return this.call(options, (ctx, s) => run(boxes.deleteMailbox(ctx, mailbox), s));
  }

  diffMailboxes(state?: string, options?: CallOptions): Promise<MailboxDiff> {
    return this.call(options, (ctx, s) => run(diffMailboxes(ctx, state), s));
  }

  listEnvelopes(mailbox: string, options?: ListEnvelopesOptions): Promise<EnvelopePage> {
    return listWithCursor(
      (o) => this.call(o, (ctx, s) => run(listEnvelopes(ctx, mailbox, o), s)),
      options,
    );
  }

  searchEnvelopes(
    mailbox: string,
    query: string | SearchQuery,
    options?: ListEnvelopesOptions,
  ): Promise<EnvelopePage> {
    return this.call(options, async (ctx, s) => {
      // Loaded on first search, so listing-only users never load the search DSL.
      const { searchLocal } = await import('../../shared/search/search-local.js');
      const all = await run(listAllEnvelopes(ctx, mailbox), s);
      const raw = (id: string): Promise<Uint8Array> => run(getMessage(ctx, mailbox, id), s);
      const found = await searchLocal(all, query, {
        headers: async (e) => {
          const bytes = await raw(e.id);
          const end = findHeaderEnd(bytes);
          return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1');
        },
        bodyText: async (e) => bodyText(await raw(e.id)),
      });
      return paginate(found, options ?? {});
    });
  }

  diffEnvelopes(mailbox: string, state?: string, options?: CallOptions): Promise<EnvelopeDiff> {
    return this.call(options, (ctx, s) => run(diffEnvelopes(ctx, mailbox, state), s));
  }

  async *watchMailbox(mailbox: string, options: WatchOptions = {}): AsyncGenerator<WatchEvent> {
    const ctx = await this.call(options, (c) => Promise.resolve(c));
    const box = openMailbox(ctx, mailbox);
    const ticks = await watchDirectories([join(box.dir, 'new'), join(box.dir, 'cur')], {
      signal: options.signal,
      debounceMs: 75,
      pollIntervalMs: options.pollIntervalMs,
    });
    try {
      // watchDirectories resolved on chokidar's 'ready': the snapshot is taken while listening,
      // so a change after it ticks and the next step's re-scan reports it.
      let known = await run(snapshotFlags(ctx, box.id));
      options.onReady?.();
      for await (const _tick of ticks) {
        const step = await run(watchStep(ctx, box.id, known));
        known = step.known;
        for (const event of step.events) yield event;
      }
    } finally {
      await ticks.return(undefined);
    }
  }

  // ---- reading (docs/reading.md) ----------------------------------------------------------

  getEnvelope(mailbox: string, id: string, options?: CallOptions): Promise<Envelope> {
    return this.call(options, (ctx, s) => run(reading.getEnvelope(ctx, mailbox, id), s));
  }

  readMessage(mailbox: string, id: string, options: ReadMessageOptions = {}): Promise<Message> {
    return this.call(options, (ctx, s) => run(reading.readMessage(ctx, mailbox, id, options), s));
  }

  getAttachment(
    mailbox: string,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<Uint8Array> {
    return this.call(options, (ctx, s) => run(reading.getAttachment(ctx, mailbox, id, partId), s));
  }

  async getAttachmentStream(
    mailbox: string,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    // the file streamed and walked to the part (shared/mime/part-stream.ts): one chunk and one
    // part header in memory, whatever the message's size
    const message = await this.getMessageStream(mailbox, id, options);
    return this.call(options, () => openPartStream(message, partId, `message ${id} in ${mailbox}`));
  }

  /** One sorted pass over the folder, then its envelopes batch by batch (listing.ts). */
  async *iterateEnvelopes(
    mailbox: string,
    options: IterateEnvelopesOptions = {},
  ): AsyncGenerator<Envelope> {
    const batch = checkBatch(options);
    const order = await this.call(options, (ctx, s) => run(listingOrder(ctx, mailbox), s));
    for (let at = 0; at < order.files.length; at += batch) {
      if (options.signal?.aborted === true) throw abortError(options.signal);
      const files = order.files.slice(at, at + batch);
      yield* await this.call(options, (_ctx, s) =>
        run(envelopesInOrder(order.box, files, order.table), s),
      );
    }
  }

  listThreads(mailbox: string, options: ListThreadsOptions = {}): Promise<ThreadPage> {
    return threadsFrom(this.iterateEnvelopes(mailbox, options), options);
  }

  getMessage(mailbox: string, id: string, options?: CallOptions): Promise<Uint8Array> {
    return this.call(options, (ctx, s) => run(getMessage(ctx, mailbox, id), s));
  }

  getMessageStream(
    mailbox: string,
    id: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    return this.call(options, async (ctx, s) => {
      try {
        return await openMessageStream(await run(locateMessage(ctx, mailbox, id), s));
      } catch (e) {
        if (!(e instanceof MailError) || e.code !== 'ERR_NOT_FOUND') throw e;
        return openMessageStream(await run(locateMessage(ctx, mailbox, id), s)); // renamed meanwhile
      }
    });
  }

  addMessage(
    mailbox: string,
    raw: Uint8Array | string,
    options?: AddMessageOptions,
  ): Promise<string> {
    const flags: Flag[] = normalizeFlags(options?.flags ?? []);
    return this.call(options, (ctx, s) =>
      run(messages.addMessage(ctx, mailbox, toBytes(raw), flags, options?.receivedAt), s),
    );
  }

  copyMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.call(options, (ctx, s) => {
      checkIds(ids);
      return run(messages.copyMessages(ctx, from, ids, to), s);
    });
  }

  moveMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.call(options, (ctx, s) => {
      checkIds(ids);
      return run(messages.moveMessages(ctx, from, ids, to), s);
    });
  }

  deleteMessages(mailbox: string, ids: readonly string[], options?: CallOptions): Promise<void> {
    return this.call(options, (ctx, s) => {
      checkIds(ids);
      return run(messages.deleteMessages(ctx, mailbox, ids), s);
    });
  }

  storeFlags(
    mailbox: string,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options?: CallOptions,
  ): Promise<void> {
    return this.call(options, (ctx, s) => {
      checkIds(ids);
      if (!['add', 'remove', 'set'].includes(action))
        throw new MailError('ERR_INVALID_ARGUMENT', `unknown flag action ${String(action)}`, {
          backend: 'maildir',
        });
      return run(storeFlags(ctx, mailbox, ids, action, flags), s);
    });
  }
}
