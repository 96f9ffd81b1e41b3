/**
 * EmailClient: one account, reached through one or more backends; each operation goes to the
 * highest-priority backend that has it (docs/email-client.md). The rule that keeps answers
 * honest: ids and mailboxes are only ever used with the store that issued them. So a storage
 * call that the first backend with the method cannot do (supports() false, ERR_UNSUPPORTED)
 * moves on only to backends declared views of the same account (RegisterOptions.account), and
 * never when it names message ids or a diff state; otherwise it fails with ERR_UNSUPPORTED.
 * Sending is not bound to a store: JMAP without submission falls over to SMTP. When nothing
 * is left: ERR_NO_BACKEND (no backend has the operation) or ERR_UNSUPPORTED.
 */
import type { Backend, MailboxPath, Operation, StorageMethods } from '../shared/backend.js';
import { callSignal, abortError, untilAborted } from '../shared/coroutine.js';
import { MailError, attributeError, isMailError } from '../shared/errors.js';
import type {
  ImapConfig,
  JmapConfig,
  M2dirConfig,
  MaildirConfig,
  SmtpConfig,
} from '../shared/config.js';
import { parseConfig } from '../shared/config.js';
import { checkImapConfig } from '../shared/config-check/imap.js';
import { checkMaildirConfig } from '../shared/config-check/maildir.js';
import type { SearchQuery } from '../shared/search/ast.js';
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
  MailboxRef,
  Message,
  ReadMessageOptions,
  ThreadPage,
  SearchEnvelopesOptions,
  SendOptions,
  SendResult,
  StoreFlagsAction,
  WatchEvent,
  WatchOptions,
} from '../shared/types.js';
import { Registration, duplicateName, sortedFor, type RegisterOptions } from './registration.js';
import { saveSentCopy } from './save-to-sent.js';

export interface WithOptions extends RegisterOptions {
  /** Name within this client; defaults to the backend kind. */
  name?: string;
}

type Call<T> = (backend: Backend, options: CallOptions) => Promise<T>;

/** Storage operations whose arguments name messages of one store: they never fall over. */
const ID_BOUND: ReadonlySet<Operation> = new Set<Operation>([
  'getMessage',
  'getMessageStream',
  'getEnvelope',
  'readMessage',
  'getAttachment',
  'getAttachmentStream',
  'copyMessages',
  'moveMessages',
  'deleteMessages',
  'storeFlags',
]);

export class EmailClient implements StorageMethods {
  private readonly registrations: Registration[] = [];

  // ---- registration ------------------------------------------------------------------------

  withMaildir(config: MaildirConfig, options: WithOptions = {}): this {
    const valid = checkMaildirConfig(config); // zod-free (shared/config.ts)
    return this.add('maildir', options, async () => {
      const m = await import('../backends/maildir/index.js');
      return new m.MaildirBackend(valid, { name: options.name ?? 'maildir' });
    });
  }

  withM2dir(config: M2dirConfig, options: WithOptions = {}): this {
    const valid = parseConfig('m2dir', config);
    return this.add('m2dir', options, async () => {
      const m = await import('../backends/m2dir/index.js');
      return new m.M2dirBackend(valid, { name: options.name ?? 'm2dir' });
    });
  }

  withJmap(config: JmapConfig, options: WithOptions = {}): this {
    const valid = parseConfig('jmap', config);
    return this.add('jmap', options, async () => {
      const m = await import('../backends/jmap/index.js');
      return new m.JmapBackend(valid, { name: options.name ?? 'jmap' });
    });
  }

  withImap(config: ImapConfig, options: WithOptions = {}): this {
    const valid = checkImapConfig(config); // zod-free (shared/config.ts)
    return this.add('imap', options, async () => {
      const m = await import('../backends/imap/index.js');
      return new m.ImapBackend(valid, { name: options.name ?? 'imap' });
    });
  }

  withSmtp(config: SmtpConfig, options: WithOptions = {}): this {
    const valid = parseConfig('smtp', config);
    return this.add('smtp', options, async () => {
      const m = await import('../backends/smtp/index.js');
      return new m.SmtpBackend(valid, { name: options.name ?? 'smtp' });
    });
  }

  /** Register an already-built backend object. */
  register(backend: Backend, options: RegisterOptions = {}): this {
    return this.add(backend.kind, { ...options, name: backend.name }, () => backend);
  }

  /** The registered backend with this name (built on first use). */
  async backend(name: string): Promise<Backend> {
    const reg = this.registrations.find((r) => r.name === name);
    if (reg === undefined)
      throw new MailError('ERR_NOT_FOUND', `no backend named '${name}' is registered`);
    return reg.backend();
  }

  get backendNames(): string[] {
    return this.registrations.map((r) => r.name);
  }

  private add(kind: string, options: WithOptions, build: () => Backend | Promise<Backend>): this {
    const name = options.name ?? kind;
    if (this.registrations.some((r) => r.name === name)) throw duplicateName(name);
    this.registrations.push(
      new Registration(name, kind, build, options, this.registrations.length),
    );
    return this;
  }

  // ---- dispatch ------------------------------------------------------------------------------

  private candidates(operation: Operation, pinned: string | undefined): Registration[] {
    if (pinned === undefined) return sortedFor(this.registrations, operation);
    const reg = this.registrations.find((r) => r.name === pinned);
    if (reg === undefined)
      throw new MailError('ERR_NOT_FOUND', `no backend named '${pinned}' is registered`);
    return [reg];
  }

  /**
   * Find the backend for `operation` and run `call` on it, honouring signal and timeoutMs.
   * `state`: the call carries a diff state (issued by one store, meaningless to another).
   */
  private async dispatch<T>(
    operation: Operation,
    options: CallOptions | undefined,
    call: Call<T>,
    state?: string,
  ): Promise<T> {
    const { signal, dispose } = callSignal(options);
    try {
      if (signal?.aborted === true) throw abortError(signal);
      const forward: CallOptions = signal === undefined ? {} : { signal };
      const storeBound = operation !== 'sendMessage';
      const mayFallOver = !ID_BOUND.has(operation) && state === undefined;
      let implemented = false;
      let store: Registration | undefined;
      for (const reg of this.candidates(operation, options?.backend)) {
        const backend = await reg.backend();
        if (typeof backend[operation] !== 'function') continue;
        implemented = true;
        if (storeBound) {
          if (store === undefined) store = reg;
          else if (store.account !== reg.account || !mayFallOver)
            throw notFallingOver(operation, store, reg, mayFallOver);
        }
        if (!(await backend.supports(operation))) continue;
        try {
          // Reject as soon as the signal aborts, even if the backend ignores it.
          return await untilAborted(call(backend, forward), signal);
        } catch (error) {
          if (isMailError(error, 'ERR_UNSUPPORTED')) continue;
          throw attributeError(error, reg.name);
        }
      }
      throw noBackend(operation, implemented, this.registrations.length);
    } finally {
      dispose();
    }
  }

  // ---- storage operations -------------------------------------------------------------------

  listMailboxes(options?: ListMailboxesOptions): Promise<Mailbox[]> {
    return this.dispatch('listMailboxes', options, (b, o) =>
      b.listMailboxes!({ ...options, ...o }),
    );
  }

  createMailbox(path: MailboxPath, options?: CreateMailboxOptions): Promise<Mailbox> {
    return this.dispatch('createMailbox', options, (b, o) =>
      b.createMailbox!(path, { ...options, ...o }),
    );
  }

  renameMailbox(
    mailbox: MailboxRef,
    newPath: MailboxPath,
    options?: CallOptions,
  ): Promise<Mailbox> {
    return this.dispatch('renameMailbox', options, (b, o) => b.renameMailbox!(mailbox, newPath, o));
  }

  deleteMailbox(mailbox: MailboxRef, options?: CallOptions): Promise<void> {
    return this.dispatch('deleteMailbox', options, (b, o) => b.deleteMailbox!(mailbox, o));
  }

  diffMailboxes(state?: string, options?: CallOptions): Promise<MailboxDiff> {
    return this.dispatch('diffMailboxes', options, (b, o) => b.diffMailboxes!(state, o), state);
  }

  /** A page; with `after` (a page's `next`), the page after it even if mail came or went. */
  listEnvelopes(mailbox: MailboxRef, options?: ListEnvelopesOptions): Promise<EnvelopePage> {
    // a cursor names envelopes of one store: like a diff state, it never falls over
    return this.dispatch(
      'listEnvelopes',
      options,
      (b, o) => b.listEnvelopes!(mailbox, { ...options, ...o }),
      options?.after,
    );
  }

  /** Every envelope of a mailbox in listing order, `batchSize` at a time. */
  async *iterateEnvelopes(
    mailbox: MailboxRef,
    options: IterateEnvelopesOptions = {},
  ): AsyncGenerator<Envelope> {
    const { timeoutMs: _perCall, ...rest } = options;
    const envelopes = await this.dispatch('iterateEnvelopes', rest, (b) =>
      Promise.resolve(b.iterateEnvelopes!(mailbox, options)),
    );
    yield* envelopes;
  }

  listThreads(mailbox: MailboxRef, options?: ListThreadsOptions): Promise<ThreadPage> {
    return this.dispatch('listThreads', options, (b, o) =>
      b.listThreads!(mailbox, { ...options, ...o }),
    );
  }

  getEnvelope(mailbox: MailboxRef, id: string, options?: CallOptions): Promise<Envelope> {
    return this.dispatch('getEnvelope', options, (b, o) => b.getEnvelope!(mailbox, id, o));
  }

  /** Headers, decoded bodies and the attachment list; never marks the message seen. */
  readMessage(mailbox: MailboxRef, id: string, options?: ReadMessageOptions): Promise<Message> {
    return this.dispatch('readMessage', options, (b, o) =>
      b.readMessage!(mailbox, id, { ...options, ...o }),
    );
  }

  getAttachment(
    mailbox: MailboxRef,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<Uint8Array> {
    return this.dispatch('getAttachment', options, (b, o) =>
      b.getAttachment!(mailbox, id, partId, o),
    );
  }

  getAttachmentStream(
    mailbox: MailboxRef,
    id: string,
    partId: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    return this.dispatch('getAttachmentStream', options, (b, o) =>
      b.getAttachmentStream!(mailbox, id, partId, o),
    );
  }

  searchEnvelopes(
    mailbox: MailboxRef,
    query: string | SearchQuery,
    options?: SearchEnvelopesOptions,
  ): Promise<EnvelopePage> {
    return this.dispatch('searchEnvelopes', options, (b, o) =>
      b.searchEnvelopes!(mailbox, query, { ...options, ...o }),
    );
  }

  diffEnvelopes(mailbox: MailboxRef, state?: string, options?: CallOptions): Promise<EnvelopeDiff> {
    return this.dispatch(
      'diffEnvelopes',
      options,
      (b, o) => b.diffEnvelopes!(mailbox, state, o),
      state,
    );
  }

  /** Events until `signal` aborts (or the iterator is returned). */
  async *watchMailbox(mailbox: MailboxRef, options: WatchOptions = {}): AsyncGenerator<WatchEvent> {
    // Only resolving the backend is bounded by timeoutMs; the watch itself runs until aborted.
    const { timeoutMs: _ignored, ...rest } = options;
    const events = await this.dispatch('watchMailbox', { ...rest }, (b) =>
      Promise.resolve(b.watchMailbox!(mailbox, rest)),
    );
    yield* events;
  }

  getMessage(mailbox: MailboxRef, id: string, options?: CallOptions): Promise<Uint8Array> {
    return this.dispatch('getMessage', options, (b, o) => b.getMessage!(mailbox, id, o));
  }

  getMessageStream(
    mailbox: MailboxRef,
    id: string,
    options?: CallOptions,
  ): Promise<AsyncIterable<Uint8Array>> {
    return this.dispatch('getMessageStream', options, (b, o) =>
      b.getMessageStream!(mailbox, id, o),
    );
  }

  addMessage(
    mailbox: MailboxRef,
    raw: Uint8Array | string,
    options?: AddMessageOptions,
  ): Promise<string> {
    return this.dispatch('addMessage', options, (b, o) =>
      b.addMessage!(mailbox, raw, { ...options, ...o }),
    );
  }

  copyMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.dispatch('copyMessages', options, (b, o) => b.copyMessages!(from, ids, to, o));
  }

  moveMessages(
    from: MailboxRef,
    ids: readonly string[],
    to: MailboxRef,
    options?: CallOptions,
  ): Promise<IdMap> {
    return this.dispatch('moveMessages', options, (b, o) => b.moveMessages!(from, ids, to, o));
  }

  deleteMessages(
    mailbox: MailboxRef,
    ids: readonly string[],
    options?: CallOptions,
  ): Promise<void> {
    return this.dispatch('deleteMessages', options, (b, o) => b.deleteMessages!(mailbox, ids, o));
  }

  storeFlags(
    mailbox: MailboxRef,
    ids: readonly string[],
    action: StoreFlagsAction,
    flags: readonly Flag[],
    options?: CallOptions,
  ): Promise<void> {
    return this.dispatch('storeFlags', options, (b, o) =>
      b.storeFlags!(mailbox, ids, action, flags, o),
    );
  }

  // ---- sending -------------------------------------------------------------------------------

  /** Send through JMAP (when it has submission) or SMTP; `result.transport` says which. */
  async sendMessage(
    message: Uint8Array | string | ComposeMessage,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const { backend: pinned, ...rest } = options;
    const result = await this.dispatch(
      'sendMessage',
      pinned === undefined ? rest : { ...rest, backend: pinned },
      (b, o) => b.sendMessage!(message, { ...rest, ...o }),
    );
    if (options.saveToSent !== true || result.sentCopy !== undefined) return result;
    return saveSentCopy(this, result, rest);
  }

  /** Close every backend that was built. Safe to call twice. */
  async close(): Promise<void> {
    const built = this.registrations.map((r) => r.built()).filter((b) => b !== undefined);
    const results = await Promise.allSettled(built.map(async (b) => (await b).close()));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

/** The first store cannot do it, and `next` may not answer for it (another account, or ids). */
function notFallingOver(
  operation: Operation,
  store: Registration,
  next: Registration,
  mayFallOver: boolean,
): MailError {
  const why = mayFallOver
    ? `'${next.name}' is another account (its mail is not '${store.name}''s)`
    : `the ids or state of this call belong to '${store.name}'`;
  return new MailError('ERR_UNSUPPORTED', `'${store.name}' cannot ${operation} here; ${why}`, {
    backend: store.name,
    details: { operation, store: store.name, notTried: next.name },
    hint: mayFallOver
      ? `pin a backend ({ backend: '${next.name}' }), or register views of one account with the same { account }`
      : `pin the backend that issued the ids ({ backend: '...' })`,
  });
}

function noBackend(operation: Operation, implemented: boolean, registered: number): MailError {
  if (implemented) {
    return new MailError('ERR_UNSUPPORTED', `no registered backend can ${operation} here`, {
      details: { operation },
      hint: 'the backends that have this operation lack the server capability it needs',
    });
  }
  return new MailError('ERR_NO_BACKEND', `no registered backend provides ${operation}`, {
    details: { operation },
    hint:
      registered === 0
        ? 'register a backend first, e.g. new EmailClient().withMaildir({ root })'
        : operation === 'sendMessage'
          ? 'register a sending backend: withSmtp(...) or withJmap(...)'
          : 'register a storage backend that provides it',
  });
}
