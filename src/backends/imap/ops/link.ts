/**
 * Connections of one ImapBackend. An ImapLink is one lazily opened, reused connection: the
 * first call connects, later calls reuse it, and after a drop the NEXT call reconnects
 * transparently (the call that saw the drop fails with ERR_CONNECTION_CLOSED — its command may
 * or may not have run). It remembers which mailbox is selected so consecutive calls on one
 * mailbox skip the SELECT.
 *
 * ImapPool hands each call a link of its own for the call's whole duration, so a SELECT made by
 * one call can never change the mailbox another call's commands run in. Up to `poolSize`
 * links (default 1) are opened lazily, so a long FETCH does not hold up other calls; beyond
 * that, calls wait their turn in order.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import type { ImapConnection } from '../client/connection.js';
import type { SelectResult } from '../commands/index.js';
import { openConnection } from './connect.js';
import { mailboxError } from './errors.js';

export type Opener = () => Promise<ImapConnection>;

const closedError = (): MailError =>
  new MailError('ERR_CONNECTION_CLOSED', 'the backend is closed', { backend: 'imap' });

export class ImapLink {
  private current: ImapConnection | undefined;
  private opening: Promise<ImapConnection> | undefined;
  private selectedName: string | undefined;
  private selectedInfo: SelectResult | undefined;
  private closedForGood = false;
  /** Lent to a call by the pool. */
  busy = false;

  constructor(private readonly open: Opener) {}

  /** The live connection, (re)connecting when there is none or it dropped. */
  async connection(): Promise<ImapConnection> {
    if (this.closedForGood) throw closedError();
    if (this.current !== undefined && !this.current.closed) return this.current;
    this.current = undefined;
    this.forgetSelection();
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    const conn = await this.opening;
    this.current = conn;
    return conn;
  }

  /** SELECT `mailbox` unless it is already selected (or `fresh` asks for new state). */
  async select(
    mailbox: string,
    fresh = false,
  ): Promise<{ conn: ImapConnection; info: SelectResult }> {
    const conn = await this.connection();
    // A stale selection (a skipped response may have been an EXPUNGE, selected.ts) is re-SELECTed.
    const trusted = conn.selected !== undefined && conn.selected.stale !== true;
    if (!fresh && trusted && this.selectedName === mailbox && this.selectedInfo !== undefined)
      return { conn, info: this.selectedInfo };
    this.selectedName = undefined;
    try {
      const condstore = conn.hasCapability('CONDSTORE') && !conn.session.enabled.has('QRESYNC');
      const info = await conn.select(mailbox, condstore ? { condstore: true } : {});
      this.selectedName = mailbox;
      this.selectedInfo = info;
      return { conn, info };
    } catch (error) {
      throw await mailboxError(error, mailbox, conn);
    }
  }

  /** Forget the selection (after DELETE/RENAME, or when another path SELECTed). */
  forgetSelection(): void {
    this.selectedName = undefined;
    this.selectedInfo = undefined;
  }

  /** Run `fn`; a connection drop also forgets the selection so the next call starts clean. */
  async use<T>(fn: (conn: ImapConnection) => Promise<T>): Promise<T> {
    const conn = await this.connection();
    try {
      return await fn(conn);
    } catch (error) {
      if (isMailError(error, 'ERR_CONNECTION_CLOSED')) this.forgetSelection();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closedForGood = true;
    const conn = this.current ?? (await this.opening?.catch(() => undefined));
    this.current = undefined;
    if (conn === undefined || conn.closed) return;
    try {
      await conn.logout({ timeoutMs: 5000 });
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
