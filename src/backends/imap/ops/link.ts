/**
 * One lazily opened, reused connection (priority 1 of the backend): the first call connects,
 * later calls reuse it, and after a drop the NEXT call reconnects transparently (the call that
 * saw the drop fails with ERR_CONNECTION_CLOSED — its command may or may not have run). Also
 * remembers which mailbox is selected so consecutive calls on one mailbox skip the SELECT.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import type { ImapConnection } from '../client/connection.js';
import type { SelectResult } from '../commands/index.js';
import { openConnection } from './connect.js';
import { mailboxError } from './errors.js';

export class ImapLink {
  private current: ImapConnection | undefined;
  private opening: Promise<ImapConnection> | undefined;
  private selectedName: string | undefined;
  private selectedInfo: SelectResult | undefined;
  private closedForGood = false;

  constructor(private readonly config: ImapConfig) {}

  /** The live connection, (re)connecting when there is none or it dropped. */
  async connection(): Promise<ImapConnection> {
    if (this.closedForGood) throw new MailError('ERR_CONNECTION_CLOSED', 'the backend is closed');
    if (this.current !== undefined && !this.current.closed) return this.current;
    this.current = undefined;
    this.selectedName = undefined;
    this.opening ??= openConnection(this.config).finally(() => {
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
    if (!fresh && this.selectedName === mailbox && this.selectedInfo !== undefined)
      return { conn, info: this.selectedInfo };
    this.selectedName = undefined;
    try {
      const condstore = conn.hasCapability('CONDSTORE') && !conn.session.enabled.has('QRESYNC');
      const info = await conn.select(mailbox, condstore ? { condstore: true } : {});
      this.selectedName = mailbox;
      this.selectedInfo = info;
      return { conn, info };
    } catch (error) {
      throw mailboxError(error, mailbox);
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
    const conn = this.current;
    this.current = undefined;
    if (conn === undefined || conn.closed) return;
    try {
      await conn.logout({ timeoutMs: 5000 });
    } catch {
      // the connection is going away anyway
    }
  }
}
