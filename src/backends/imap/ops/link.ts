/**
 * Connections of one ImapBackend. An ImapLink is one lazily opened, reused connection: the
 * first call connects, later calls reuse it, and after a drop the NEXT call reconnects
 * transparently (the call that saw the drop fails with ERR_CONNECTION_CLOSED — its command may
 * or may not have run). Consecutive calls on one mailbox skip the SELECT (ops/selection.ts).
 *
 * ImapPool hands each call a link of its own for the call's whole duration, so a SELECT made by
 * one call can never change the mailbox another call's commands run in. Up to `poolSize`
 * links (default 1) are opened lazily, so a long FETCH does not hold up other calls; beyond
 * that, calls wait their turn in order.
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import type { ImapConnection } from '../client/connection.js';
import type { SelectResult } from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { openConnection } from './connect.js';
import { selectMailbox } from './selection.js';

export type Opener = () => Promise<ImapConnection>;

const closedError = (): MailError =>
  new MailError('ERR_CONNECTION_CLOSED', 'the backend is closed', { backend: 'imap' });

export class ImapLink {
  private current: ImapConnection | undefined;
  private opening: Promise<ImapConnection> | undefined;
  private closedForGood = false;
  /** Lent to a call by the pool. */
  busy = false;

  constructor(private readonly open: Opener) {}

  /** The live connection, (re)connecting when there is none or it dropped. */
  async connection(): Promise<ImapConnection> {
    if (this.closedForGood) throw closedError();
    if (this.current !== undefined && !this.current.closed) return this.current;
    this.current = undefined;
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    const conn = await this.opening;
    this.current = conn;
    return conn;
  }

  /**
   * Run an operation coroutine (ops/*.ts: it yields only the byte-stream requests of its
   * commands) on this link's connection, as one queued call: the connection's driver is the
   * only code that touches the socket.
   */
  async run<T>(op: (session: ImapSession) => ImapCoroutine<T>): Promise<T> {
    const conn = await this.connection();
    return conn.run(op(conn.session));
  }

  /** SELECT `mailbox` unless it is already selected (ops/selection.ts), for stream-shaped calls. */
  async select(
    mailbox: string,
    fresh = false,
  ): Promise<{ conn: ImapConnection; info: SelectResult }> {
    const conn = await this.connection();
    const info = await conn.run(selectMailbox(conn.session, mailbox, fresh));
    return { conn, info };
  }

  async close(): Promise<void> {
    this.closedForGood = true;
    const conn = this.current ?? (await this.opening?.catch(() => undefined));
    this.current = undefined;
    if (conn === undefined || conn.closed) return;
    try {
      // The answer to LOGOUT is not awaited: closing costs no round trip.
      await conn.quit({ timeoutMs: 5000 });
    } catch {
      // the connection is going away anyway
    }
  }
}

export class ImapPool {
  readonly size: number;
  private readonly links: ImapLink[] = [];
  private readonly waiters: { resolve: (l: ImapLink) => void; reject: (e: unknown) => void }[] = [];
  private closed = false;
  private readonly open: Opener;

  constructor(config: ImapConfig, open: Opener = () => openConnection(config)) {
    this.size = config.poolSize ?? 1;
    this.open = open;
  }

  /** How many connections are open or opening (for tests and diagnostics). */
  get opened(): number {
    return this.links.length;
  }

  /**
   * Run `fn` with a link nobody else uses meanwhile. A call whose `signal` aborted while it
   * waited for a link never starts.
   */
  async run<T>(fn: (link: ImapLink) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const link = await this.acquire();
    try {
      if (signal?.aborted === true)
        throw new MailError('ERR_ABORTED', 'the call was aborted', { backend: 'imap' });
      return await fn(link);
    } finally {
      this.release(link);
    }
  }

  /** The connection of the first link (opening it if needed); protocol-level access. */
  connection(): Promise<ImapConnection> {
    return this.run((link) => link.connection());
  }

  private acquire(): Promise<ImapLink> {
    if (this.closed) return Promise.reject(closedError());
    const free = this.links.find((l) => !l.busy);
    const link =
      free ?? (this.links.length < this.size ? this.add(new ImapLink(this.open)) : undefined);
    if (link !== undefined) {
      link.busy = true;
      return Promise.resolve(link);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private add(link: ImapLink): ImapLink {
    this.links.push(link);
    return link;
  }

  private release(link: ImapLink): void {
    const next = this.waiters.shift();
    if (next === undefined) link.busy = false;
    else next.resolve(link); // handed over still busy: first come, first served
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(closedError());
    await Promise.all(this.links.map((l) => l.close()));
  }
}
