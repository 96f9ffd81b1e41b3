/**
 * An in-memory reference implementation of every storage operation, used to self-test the
 * scenario suite (and as a fake in other tests). Semantics follow the shared model: ids are
 * opaque and stable, listings are newest first by Date then arrival, flags are normalised.
 */
import type { Backend, MailboxPath, Operation } from '../../src/shared/backend.js';
import { STORAGE_OPERATIONS } from '../../src/shared/backend.js';
import { abortError } from '../../src/shared/coroutine.js';
import { MailError } from '../../src/shared/errors.js';
import { applyFlagChange, normalizeFlags } from '../../src/shared/flags.js';
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
  ListThreadsOptions,
  Mailbox,
  MailboxDiff,
  Message,
  ReadMessageOptions,
  StoreFlagsAction,
  ThreadPage,
  WatchEvent,
  WatchOptions,
} from '../../src/shared/types.js';
import type { ParsedHeaders } from './memory-envelope.js';
import { parseHeaders } from './memory-envelope.js';
import type { SearchQuery } from '../../src/shared/search/ast.js';
import { searchLocal } from '../../src/shared/search/index.js';
import {
  chunksOf,
  iterateWith,
  listWithCursor,
  threadsFrom,
} from '../../src/shared/reading/defaults.js';
import { attachmentFromBytes, readMessageFromBytes } from '../../src/shared/reading/from-bytes.js';
import { threadIdFor } from '../../src/shared/reading/threads.js';

interface Stored {
  id: string;
  raw: Uint8Array;
  flags: Flag[];
  receivedAt: Date;
  headers: ParsedHeaders;
}

interface Box {
  mailbox: Mailbox;
  messages: Map<string, Stored>;
}

type Listener = (event: WatchEvent) => void;

const encodeState = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

function decodeState<T>(state: string): T {
  try {
    return JSON.parse(Buffer.from(state, 'base64url').toString('utf8')) as T;
  } catch (error) {
    throw new MailError('ERR_INVALID_ARGUMENT', 'not a state of this backend', { cause: error });
  }
}

export class MemoryBackend implements Backend {
  readonly kind = 'memory';
  private readonly boxes = new Map<string, Box>();
  private readonly listeners = new Set<Listener>();
  private counter = 0;
  private clock = Date.parse('2026-06-01T00:00:00Z');

  constructor(readonly name = 'memory') {
    this.boxes.set('mbx-inbox', {
      mailbox: { id: 'mbx-inbox', name: 'INBOX', path: ['INBOX'], role: 'inbox' },
      messages: new Map(),
    });
  }

  supports(operation: Operation): boolean {
    return (STORAGE_OPERATIONS as readonly string[]).includes(operation);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  // ---- mailboxes ---------------------------------------------------------------------------

  listMailboxes(options: { counts?: boolean } & CallOptions = {}): Promise<Mailbox[]> {
    return this.run(options, () =>
      [...this.boxes.values()].map((b) =>
        options.counts === true
          ? {
              ...b.mailbox,
              total: b.messages.size,
              unread: [...b.messages.values()].filter((m) => !m.flags.includes('seen')).length,
            }
          : { ...b.mailbox },
      ),
    );
  }

  createMailbox(path: MailboxPath, options: CreateMailboxOptions = {}): Promise<Mailbox> {
    return this.run(options, () => {
      const parts = splitPath(path);
      if (this.findByPath(parts) !== undefined)
        throw new MailError('ERR_EXISTS', `mailbox ${parts.join('/')} exists`);
      // Like IMAP CREATE (RFC 9051 §6.3.4), missing superiors are created too.
      for (let depth = 1; depth < parts.length; depth++) {
        const superior = parts.slice(0, depth);
        if (this.findByPath(superior) === undefined) this.newBox(superior);
      }
      return { ...this.newBox(parts, options.role).mailbox };
    });
  }

  renameMailbox(mailbox: string, newPath: MailboxPath, options?: CallOptions): Promise<Mailbox> {
    return this.run(options, () => {
      const box = this.box(mailbox);
      const parts = splitPath(newPath);
      if (this.findByPath(parts) !== undefined)
        throw new MailError('ERR_EXISTS', `mailbox ${parts.join('/')} exists`);
      box.mailbox = { ...box.mailbox, path: parts, name: parts[parts.length - 1] ?? '' };
      return { ...box.mailbox };
    });
  }

  deleteMailbox(mailbox: string, options?: CallOptions): Promise<void> {
    return this.run(options, () => {
      this.box(mailbox);
      this.boxes.delete(mailbox);
    });
  }

  diffMailboxes(state?: string, options?: CallOptions): Promise<MailboxDiff> {
    return this.run(options, () => {
      const now = [...this.boxes.values()].map((b) => b.mailbox);
      const before = state === undefined ? [] : decodeState<Mailbox[]>(state);
      const old = new Map(before.map((m) => [m.id, m]));
      const current = new Set(now.map((m) => m.id));
      return {
        created: now.filter((m) => !old.has(m.id)).map((m) => ({ ...m })),
        updated: now.filter(
          (m) => old.has(m.id) && JSON.stringify(old.get(m.id)) !== JSON.stringify(m),
        ),
        removed: before.filter((m) => !current.has(m.id)).map((m) => m.id),
        state: encodeState(now),
      };
    });
  }

  // ---- envelopes -----------------------------------------------------------------------------

  listEnvelopes(mailbox: string, options: ListEnvelopesOptions = {}): Promise<EnvelopePage> {
    return listWithCursor((o) => this.run(o, () => this.page(this.envelopes(mailbox), o)), options);
  }

  // ---- reading: the shared from-bytes path (what a backend with only getMessage gets) ------

  getEnvelope(mailbox: string, id: string, options?: CallOptions): Promise<Envelope> {
    return this.run(options, () => this.envelope(mailbox, this.message(mailbox, id)));
  }

  readMessage(mailbox: string, id: string, options: ReadMessageOptions = {}): Promise<Message> {
    return this.run(options, () => {
      const m = this.message(mailbox, id);
      return readMessageFromBytes(this.envelope(mailbox, m), m.raw, options);
    });
  }

  getAttachment(
    mailbox: string,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<Uint8Array> {
    return this.run(options, () =>
      attachmentFromBytes(this.message(mailbox, id).raw, partId, mailbox),
    );
  }

  async getAttachmentStream(
    mailbox: string,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    return chunksOf(await this.getAttachment(mailbox, id, partId, options), 64);
  }

  iterateEnvelopes(mailbox: string, options?: IterateEnvelopesOptions): AsyncIterable<Envelope> {
    return iterateWith((o) => this.listEnvelopes(mailbox, o), options);
  }

  listThreads(mailbox: string, options: ListThreadsOptions = {}): Promise<ThreadPage> {
    return threadsFrom(this.iterateEnvelopes(mailbox, options), options);
  }

  async searchEnvelopes(
    mailbox: string,
    query: string | SearchQuery,
    options: ListEnvelopesOptions = {},
  ): Promise<EnvelopePage> {
    const all = await this.run(options, () => this.envelopes(mailbox));
    const box = this.box(mailbox);
    const text = (e: Envelope): string => new TextDecoder().decode(box.messages.get(e.id)?.raw);
    const hits = await searchLocal(all, query, {
      headers: (e) => text(e).split(/\r?\n\r?\n/)[0] ?? '',
      bodyText: (e) => box.messages.get(e.id)?.headers.text ?? '',
    });
    return this.page(hits, options);
  }

  diffEnvelopes(mailbox: string, state?: string, options?: CallOptions): Promise<EnvelopeDiff> {
    return this.run(options, () => {
      const now = this.envelopes(mailbox);
      const snapshot: Record<string, Flag[]> = {};
      for (const e of now) snapshot[e.id] = e.flags;
      if (state === undefined)
        return {
          added: now,
          removed: [],
          flagsChanged: [],
          reset: true,
          state: encodeState(snapshot),
        };
      const before = decodeState<Record<string, Flag[]>>(state);
      return {
        added: now.filter((e) => before[e.id] === undefined),
        removed: Object.keys(before).filter((id) => snapshot[id] === undefined),
        flagsChanged: now
          .filter((e) => before[e.id] !== undefined && before[e.id]?.join() !== e.flags.join())
          .map((e) => ({ id: e.id, flags: e.flags })),
        reset: false,
        state: encodeState(snapshot),
      };
    });
  }

  async *watchMailbox(mailbox: string, options: WatchOptions = {}): AsyncGenerator<WatchEvent> {
    this.box(mailbox);
    const { signal } = options;
    const queue: WatchEvent[] = [];
    let wake: (() => void) | undefined;
    const listener: Listener = (event) => {
      if (event.mailbox !== mailbox) return;
      queue.push(event);
      wake?.();
    };
    const onAbort = (): void => wake?.();
    this.listeners.add(listener);
    signal?.addEventListener('abort', onAbort);
    try {
      // Listening from here on: every later change reaches `listener` (the baseline is empty).
      options.onReady?.();
      for (;;) {
        if (signal?.aborted === true) return;
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  getMessage(mailbox: string, id: string, options?: CallOptions): Promise<Uint8Array> {
    return this.run(options, () => this.message(mailbox, id).raw.slice());
  }

  async getMessageStream(
    mailbox: string,
    id: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    const raw = await this.getMessage(mailbox, id, options);
    return (async function* chunks() {
      for (let at = 0; at < raw.length; at += 64) yield raw.subarray(at, at + 64);
    })();
  }

  async addMessage(
    mailbox: string,
    raw: Uint8Array | string,
    options: AddMessageOptions = {},
  ): Promise<string> {
    const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw.slice();
    const headers = await parseHeaders(bytes);
    return this.run(options, () => {
      const box = this.box(mailbox);
      const stored: Stored = {
        id: `m-${++this.counter}`,
        raw: bytes,
        flags: normalizeFlags(options.flags ?? []),
        receivedAt: options.receivedAt ?? new Date((this.clock += 1000)),
        headers,
      };
      box.messages.set(stored.id, stored);
      this.emit({ type: 'added', mailbox, envelope: this.envelope(mailbox, stored) });
      return stored.id;
    });
  }

  copyMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.run(options, () => this.copy(from, ids, to));
  }

  moveMessages(
    from: string,
    ids: readonly string[],
    to: string,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.run(options, () => {
      const map = this.copy(from, ids, to);
      this.remove(from, ids);
      return map;
    });
  }

  deleteMessages(mailbox: string, ids: readonly string[], options?: CallOptions): Promise<void> {
    return this.run(options, () => this.remove(mailbox, ids));
  }

  storeFlags(
    mailbox: string,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options?: CallOptions,
  ): Promise<void> {
    return this.run(options, () => {
      const targets = ids.map((id) => this.message(mailbox, id));
      for (const m of targets) {
        const next = applyFlagChange(m.flags, action, flags);
        if (next.join() === m.flags.join()) continue;
        m.flags = next;
        this.emit({ type: 'flags-changed', mailbox, id: m.id, flags: next });
      }
    });
  }

  // ---- internals -----------------------------------------------------------------------------

  private run<T>(options: CallOptions | undefined, work: () => T): Promise<T> {
    try {
      if (options?.signal?.aborted === true) throw abortError(options.signal);
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private emit(event: WatchEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private newBox(path: string[], role?: Mailbox['role']): Box {
    const id = `mbx-${++this.counter}`;
    const mailbox: Mailbox = { id, name: path[path.length - 1] ?? '', path };
    if (role !== undefined) mailbox.role = role;
    const box: Box = { mailbox, messages: new Map() };
    this.boxes.set(id, box);
    return box;
  }

  private findByPath(path: readonly string[]): Box | undefined {
    return [...this.boxes.values()].find((b) => b.mailbox.path.join('\0') === path.join('\0'));
  }

  private box(id: string): Box {
    const box = this.boxes.get(id);
    if (box === undefined) throw new MailError('ERR_NOT_FOUND', `no mailbox with id ${id}`);
    return box;
  }

  private message(mailbox: string, id: string): Stored {
    const m = this.box(mailbox).messages.get(id);
    if (m === undefined) throw new MailError('ERR_NOT_FOUND', `no message ${id} in ${mailbox}`);
    return m;
  }

  private envelope(mailbox: string, m: Stored): Envelope {
    const { text: _text, ...headers } = m.headers;
    const envelope: Envelope = {
      ...headers,
      id: m.id,
      mailbox,
      flags: [...m.flags],
      size: m.raw.byteLength,
      receivedAt: m.receivedAt,
    };
    envelope.threadId = threadIdFor(envelope);
    return envelope;
  }

  /** Newest first: Date header descending, then arrival descending. */
  private envelopes(mailbox: string): Envelope[] {
    const time = (d: Date | undefined): number => d?.getTime() ?? 0;
    return [...this.box(mailbox).messages.values()]
      .map((m) => this.envelope(mailbox, m))
      .sort((a, b) => time(b.date) - time(a.date) || time(b.receivedAt) - time(a.receivedAt));
  }

  private page(all: Envelope[], options: ListEnvelopesOptions): EnvelopePage {
    const page = Math.max(1, options.page ?? 1);
    const pageSize = options.pageSize ?? 50;
    const start = (page - 1) * pageSize;
    return { envelopes: all.slice(start, start + pageSize), page, pageSize, total: all.length };
  }

  private copy(from: string, ids: readonly string[], to: string): IdMap {
    const sources = ids.map((id) => this.message(from, id));
    const target = this.box(to);
    const map: IdMap = {};
    for (const m of sources) {
      const copy: Stored = { ...m, id: `m-${++this.counter}`, flags: [...m.flags] };
      target.messages.set(copy.id, copy);
      map[m.id] = copy.id;
      this.emit({ type: 'added', mailbox: to, envelope: this.envelope(to, copy) });
    }
    return map;
  }

  private remove(mailbox: string, ids: readonly string[]): void {
    const box = this.box(mailbox);
    for (const id of ids) this.message(mailbox, id);
    for (const id of ids) {
      box.messages.delete(id);
      this.emit({ type: 'removed', mailbox, id });
    }
  }
}

function splitPath(path: MailboxPath): string[] {
  const parts = typeof path === 'string' ? path.split('/') : [...path];
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new MailError('ERR_INVALID_ARGUMENT', 'a mailbox path needs non-empty components');
  return parts;
}
