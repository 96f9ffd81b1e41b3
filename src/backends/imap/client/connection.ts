/**
 * Layer 2 of the IMAP API: a protocol-level client over an already connected byte stream
 * (`ImapConnection.fromStream(duplex)`), one method per command with typed results.
 *
 * Concurrency: calls queue in order (one command on the wire at a time). `fetch()` returns an
 * async iterator that reads with backpressure; calling any other method while iterating is
 * safe — the call queues, and the rest of the FETCH is buffered so the loop can go on.
 */
import type { Duplex, Readable } from 'node:stream';
import * as c from '../commands/index.js';
import type { CommandValue } from '../wire/types.js';
import type { SaslClient } from '../sasl/types.js';
import type { TlsOptions } from '../../../shared/config.js';
import { transportFromStream } from '../driver.js';
import type { ImapTransport } from '../transport.js';
import { fetchBodyStream, type BodyStreamOptions } from '../commands/fetch-body-stream.js';
import { createBodyStream } from './body-stream.js';
import { Channel } from './channel.js';
import { ConnectionCore, type CallOptions, type ConnectionOptions } from './core.js';

import type { FetchedMessage } from '../commands/fetch-each.js';

export type { FetchedMessage };

export class ImapConnection extends ConnectionCore {
  constructor(transport: ImapTransport, options: ConnectionOptions = {}) {
    super(transport, options);
  }

  /** Wrap a connected duplex stream; `host` enables STARTTLS on it. */
  static fromStream(
    stream: Duplex,
    options: ConnectionOptions & { secure?: boolean; host?: string; tls?: TlsOptions } = {},
  ): ImapConnection {
    return new ImapConnection(transportFromStream(stream, options), options);
  }

  get state(): string {
    return this.session.state;
  }
  get capabilities(): ReadonlySet<string> {
    return this.session.capabilities;
  }
  hasCapability(name: string): boolean {
    return this.session.hasCapability(name);
  }
  get selected() {
    return this.session.selected?.snapshot();
  }

  greeting(policy: c.GreetingPolicy, o?: CallOptions): Promise<boolean> {
    return this.run(c.greeting(this.session, policy), o);
  }
  capability(o?: CallOptions): Promise<string[]> {
    return this.run(c.capability(this.session), o);
  }
  noop(o?: CallOptions): Promise<void> {
    return this.run(c.noop(this.session), o);
  }
  async logout(o?: CallOptions): Promise<void> {
    try {
      await this.run(c.logout(this.session), o);
    } finally {
      await this.transport.close();
    }
  }
  /**
   * LOGOUT without waiting for its answer, then release the transport (half-close; the
   * process is not held open by it): one round trip less than logout() for a program that is
   * about to exit (commands/any-state.ts, sendLogout).
   */
  async quit(o?: CallOptions): Promise<void> {
    try {
      await this.run(c.sendLogout(this.session), o);
    } finally {
      if (this.transport.release !== undefined) this.transport.release();
      else await this.transport.close();
    }
  }
  starttls(o?: CallOptions): Promise<void> {
    return this.run(c.starttls(this.session), o);
  }
  login(user: string, password: string, o?: CallOptions): Promise<void> {
    return this.run(c.login(this.session, user, password), o);
  }
  authenticate(
    mechanism: SaslClient,
    options: c.AuthenticateOptions = {},
    o?: CallOptions,
  ): Promise<void> {
    return this.run(c.authenticate(this.session, mechanism, options), o);
  }
  unauthenticate(o?: CallOptions): Promise<void> {
    return this.run(c.unauthenticate(this.session), o);
  }
  enable(extensions: readonly string[], o?: CallOptions): Promise<string[]> {
    return this.run(c.enable(this.session, extensions), o);
  }
  id(
    fields: Record<string, string> | null,
    o?: CallOptions,
  ): Promise<Record<string, string | null> | null> {
    return this.run(c.id(this.session, fields), o);
  }
  namespace(o?: CallOptions): Promise<c.Namespaces> {
    return this.run(c.namespace(this.session), o);
  }
  select(mailbox: string, options?: c.SelectOptions, o?: CallOptions): Promise<c.SelectResult> {
    return this.run(c.select(this.session, mailbox, options), o);
  }
  examine(
    mailbox: string,
    options: c.SelectOptions = {},
    o?: CallOptions,
  ): Promise<c.SelectResult> {
    return this.run(c.select(this.session, mailbox, { ...options, readOnly: true }), o);
  }
  unselect(o?: CallOptions): Promise<void> {
    return this.run(c.unselect(this.session), o);
  }
  close(o?: CallOptions): Promise<void> {
    return this.run(c.close(this.session), o);
  }
  create(mailbox: string, options?: c.CreateOptions, o?: CallOptions): Promise<void> {
    return this.run(c.create(this.session, mailbox, options), o);
  }
  delete(mailbox: string, o?: CallOptions): Promise<void> {
    return this.run(c.deleteMailbox(this.session, mailbox), o);
  }
  rename(from: string, to: string, o?: CallOptions): Promise<void> {
    return this.run(c.rename(this.session, from, to), o);
  }
  subscribe(mailbox: string, o?: CallOptions): Promise<void> {
    return this.run(c.subscribe(this.session, mailbox), o);
  }
  unsubscribe(mailbox: string, o?: CallOptions): Promise<void> {
    return this.run(c.unsubscribe(this.session, mailbox), o);
  }
  list(options?: c.ListOptions, o?: CallOptions): Promise<c.ListEntry[]> {
    return this.run(c.list(this.session, options), o);
  }
  status(mailbox: string, items: readonly c.StatusItem[], o?: CallOptions) {
    return this.run(c.status(this.session, mailbox, items), o);
  }
  /** STATUS of several mailboxes in one pipelined round trip; each entry settles on its own. */
  statusMany(mailboxes: readonly string[], items: readonly c.StatusItem[], o?: CallOptions) {
    return this.run(c.statusMany(this.session, mailboxes, items), o);
  }
  /** Independent commands pipelined in one write (RFC 9051 §5.5); see commands/pipeline.ts. */
  pipeline<T>(
    commands: readonly c.PipelinedCommand<T>[],
    o?: CallOptions,
  ): Promise<c.Settled<T>[]> {
    return this.run(c.pipeline(this.session, commands), o);
  }
  append(
    mailbox: string,
    messages: readonly c.AppendMessage[],
    o?: CallOptions,
  ): Promise<c.AppendResult> {
    return this.run(c.append(this.session, mailbox, messages), o);
  }
  check(o?: CallOptions): Promise<void> {
    return this.run(c.check(this.session), o);
  }
  expunge(o?: CallOptions): Promise<c.ExpungeResult> {
    return this.run(c.expunge(this.session), o);
  }
  uidExpunge(uids: string, o?: CallOptions): Promise<c.ExpungeResult> {
    return this.run(c.expunge(this.session, uids), o);
  }
  search(
    criteria: readonly CommandValue[],
    options?: c.SearchOptions,
    o?: CallOptions,
  ): Promise<c.SearchResult> {
    return this.run(c.search(this.session, criteria, options), o);
  }
  gmailSearch(query: string, o?: CallOptions): Promise<c.SearchResult> {
    return this.run(c.gmailRawSearch(this.session, query), o);
  }
  sort(
    keys: readonly c.SortCriterion[],
    criteria: readonly CommandValue[],
    options?: { uid?: boolean },
    o?: CallOptions,
  ) {
    return this.run(c.sort(this.session, keys, criteria, options), o);
  }
  thread(
    algorithm: 'REFERENCES' | 'ORDEREDSUBJECT' | 'REFS',
    criteria: readonly CommandValue[],
    options?: { uid?: boolean },
    o?: CallOptions,
  ) {
    return this.run(c.thread(this.session, algorithm, criteria, options), o);
  }
  store(
    set: string,
    flags: readonly string[],
    options: c.StoreOptions,
    o?: CallOptions,
  ): Promise<c.StoreResult> {
    return this.run(c.store(this.session, set, flags, options), o);
  }
  copy(
    set: string,
    mailbox: string,
    options: { uid?: boolean } = {},
    o?: CallOptions,
  ): Promise<c.CopyResult> {
    return this.run(c.copy(this.session, set, mailbox, options.uid === true), o);
  }
  move(
    set: string,
    mailbox: string,
    options: { uid?: boolean } = {},
    o?: CallOptions,
  ): Promise<c.CopyResult> {
    return this.run(c.move(this.session, set, mailbox, options.uid === true), o);
  }
  compress(o?: CallOptions): Promise<void> {
    return this.run(c.compress(this.session), o);
  }
  notify(groups: readonly c.NotifyGroup[], status = false, o?: CallOptions): Promise<void> {
    return this.run(c.notify(this.session, groups, status), o);
  }
  getQuota(root: string, o?: CallOptions) {
    return this.run(c.getQuota(this.session, root), o);
  }
  getQuotaRoot(mailbox: string, o?: CallOptions) {
    return this.run(c.getQuotaRoot(this.session, mailbox), o);
  }
  getAcl(mailbox: string, o?: CallOptions) {
    return this.run(c.getAcl(this.session, mailbox), o);
  }
  myRights(mailbox: string, o?: CallOptions) {
    return this.run(c.myRights(this.session, mailbox), o);
  }
  getMetadata(
    mailbox: string,
    entries: readonly string[],
    options?: c.MetadataOptions,
    o?: CallOptions,
  ) {
    return this.run(c.getMetadata(this.session, mailbox, entries, options), o);
  }
  setMetadata(mailbox: string, entries: Readonly<Record<string, string | null>>, o?: CallOptions) {
    return this.run(c.setMetadata(this.session, mailbox, entries), o);
  }

  /**
   * IDLE until `signal` aborts (sends DONE) — or until another call is made on this connection,
   * which ends the IDLE first and then runs. Changes arrive as events (`exists`, `expunge`…).
   */
  idle(options: { signal?: AbortSignal; refreshMs?: number } = {}): Promise<void> {
    const { signal } = options;
    const onAbort = (): void => this.stopIdle();
    signal?.addEventListener('abort', onAbort, { once: true });
    // The abort ends IDLE cleanly (DONE + tagged OK) instead of abandoning it.
    return this.run(c.idle(this.session, options.refreshMs)).finally(() =>
      signal?.removeEventListener('abort', onAbort),
    );
  }

  /** FETCH / UID FETCH as an async iterator with bounded memory (see the class comment). */
  fetch(
    set: string,
    items: c.FetchItems,
    options: c.FetchOptions = {},
    o: CallOptions = {},
  ): AsyncIterableIterator<FetchedMessage> {
    const channel = new Channel<FetchedMessage>();
    const done = this.run(c.fetch(this.session, set, items, options), o, {
      onEvent: (event) => {
        if (event.type !== 'fetchResult') return undefined;
        // the decoder's object is fresh and owned by us: tag it instead of copying it
        const message = event.response.attributes as FetchedMessage;
        message.seq = event.response.seq;
        return channel.push(message);
      },
      unbound: () => channel.unbound(),
    });
    done.then(
      () => channel.end(),
      (error: unknown) => channel.end(error),
    );
    const iterator: AsyncIterableIterator<FetchedMessage> = {
      next: () => channel.next(),
      return: () => {
        channel.abandon();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * FETCH / UID FETCH with each message handed to `onMessage` inside the command coroutine
   * (commands/fetch-each.ts), as soon as it is decoded: nothing is buffered and no promise is made per message (the bulk
   * path of the backend's listings; `fetch()` pays one `await` per message). Memory stays
   * bounded because the next chunk is read only after `onMessage` returned for this one.
   * `onMessage` must not wait on this connection. If it throws, it is not called again, the
   * command still runs to its tagged end (the framing stays intact) and the promise rejects
   * with that error. Resolves with the number of FETCH responses.
   */
  fetchEach(
    set: string,
    items: c.FetchItems,
    onMessage: (message: FetchedMessage) => void,
    options: c.FetchOptions = {},
    o: CallOptions = {},
  ): Promise<number> {
    return this.run(c.fetchEach(this.session, set, items, { onMessage }, options), o);
  }

  /**
   * One message body (default the whole message, `BODY.PEEK[]`: never sets \Seen) as a
   * Readable of its bytes, with bounded memory whatever its size (see client/body-stream.ts).
   * Needs a selected mailbox; fails with ERR_NOT_FOUND when the UID does not exist.
   */
  fetchBodyStream(uid: number, options: BodyStreamOptions = {}, o: CallOptions = {}): Readable {
    const sink = createBodyStream();
    const done = this.run(fetchBodyStream(this.session, uid, options), o, {
      onEvent: (event) => sink.onEvent(event),
      unbound: () => sink.unbound(),
    });
    sink.finish(done, 'UID FETCH');
    return sink.readable;
  }

  /** FETCH collected into an array. */
  async fetchAll(
    set: string,
    items: c.FetchItems,
    options: c.FetchOptions = {},
    o?: CallOptions,
  ): Promise<FetchedMessage[]> {
    const out: FetchedMessage[] = [];
    for await (const m of this.fetch(set, items, options, o)) out.push(m);
    return out;
  }
}
