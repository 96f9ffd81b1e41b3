/**
 * Selected-mailbox state (RFC 9051 §7.3–§7.4, RFC 7162 §3.1–§3.2): message count, flags,
 * UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ, kept current from untagged data and response codes.
 */
import type { ImapEvent } from './events.js';
import type { FetchAttributes, ResponseCode, UntaggedResponse } from './wire/types.js';

export class SelectedMailbox {
  exists = 0;
  recent = 0;
  flags: readonly string[] = [];
  permanentFlags: readonly string[] = [];
  uidValidity: number | undefined;
  uidNext: number | undefined;
  highestModseq: bigint | undefined;
  /** `[NOMODSEQ]`: the mailbox does not support mod-sequences (RFC 7162 §3.1.2.2). */
  noModseq = false;
  unseen: number | undefined;
  mailboxId: string | undefined;
  /**
   * A response was skipped (over a limit, undecodable) while this mailbox was selected: it may
   * have been an EXPUNGE / EXISTS / VANISHED, so `exists` and the sequence-number mapping may
   * be wrong. Only a new SELECT (a new SelectedMailbox) makes the state trustworthy again.
   */
  stale = false;
  /** Opened with EXAMINE (asked read-only); `readOnly` is what the server granted. */
  readonly examined: boolean;
  /** Opened with the CONDSTORE parameter (RFC 7162 §3.1.8) or QRESYNC (§3.2.5). */
  condstore = false;

  constructor(
    readonly name: string,
    public readOnly: boolean,
  ) {
    this.examined = readOnly;
  }

  /** Returns true when the code was mailbox state (and so not worth a separate event). */
  applyCode(code: ResponseCode): boolean {
    switch (code.type) {
      case 'UIDVALIDITY':
        this.uidValidity = code.value;
        return true;
      case 'UIDNEXT':
        this.uidNext = code.value;
        return true;
      case 'UNSEEN':
        this.unseen = code.value;
        return true;
      case 'HIGHESTMODSEQ':
        this.highestModseq = code.value;
        return true;
      case 'NOMODSEQ':
        this.noModseq = true;
        return true;
      case 'PERMANENTFLAGS':
        this.permanentFlags = code.flags;
        return true;
      case 'READ-ONLY':
        this.readOnly = true;
        return true;
      case 'READ-WRITE':
        this.readOnly = false;
        return true;
      case 'MAILBOXID':
        this.mailboxId = code.id;
        return true;
      default:
        return false;
    }
  }

  /** A FETCH with MODSEQ raises HIGHESTMODSEQ (RFC 7162 §3.1.4: it is a lower bound). */
  noteFetch(_seq: number, attributes: FetchAttributes): void {
    const modseq = attributes.modseq;
    if (modseq !== undefined && (this.highestModseq === undefined || modseq > this.highestModseq))
      this.highestModseq = modseq;
  }

  snapshot(): SelectedMailboxInfo {
    return {
      name: this.name,
      readOnly: this.readOnly,
      exists: this.exists,
      recent: this.recent,
      flags: this.flags,
      permanentFlags: this.permanentFlags,
      noModseq: this.noModseq,
      ...(this.uidValidity === undefined ? {} : { uidValidity: this.uidValidity }),
      ...(this.uidNext === undefined ? {} : { uidNext: this.uidNext }),
      ...(this.highestModseq === undefined ? {} : { highestModseq: this.highestModseq }),
      ...(this.unseen === undefined ? {} : { unseen: this.unseen }),
      ...(this.mailboxId === undefined ? {} : { mailboxId: this.mailboxId }),
      ...(this.stale ? { stale: true } : {}),
    };
  }
}

export interface SelectedMailboxInfo {
  name: string;
  readOnly: boolean;
  exists: number;
  recent: number;
  flags: readonly string[];
  permanentFlags: readonly string[];
  noModseq: boolean;
  uidValidity?: number;
  uidNext?: number;
  highestModseq?: bigint;
  unseen?: number;
  mailboxId?: string;
  /** Present when a skipped response may have changed the mailbox (SelectedMailbox.stale). */
  stale?: true;
}

/** EXISTS / RECENT / EXPUNGE / VANISHED / FLAGS → state change plus the event to report. */
export function applyMailboxData(
  mailbox: SelectedMailbox,
  response: UntaggedResponse,
): ImapEvent[] {
  switch (response.type) {
    case 'exists': {
      const previous = mailbox.exists;
      mailbox.exists = response.value;
      return [{ type: 'exists', count: response.value, previous }];
    }
    case 'recent':
      mailbox.recent = response.value;
      return [{ type: 'recent', count: response.value }];
    case 'expunge':
      // RFC 9051 §7.5.1: every later sequence number shifts down by one.
      if (mailbox.exists > 0) mailbox.exists -= 1;
      return [{ type: 'expunge', seq: response.value }];
    case 'vanished': {
      // RFC 7162 §3.2.10: VANISHED (EARLIER) does not change the message count.
      if (!response.earlier) {
        let gone = 0;
        for (const r of response.uids) gone += r.end - r.start + 1;
        mailbox.exists = Math.max(0, mailbox.exists - gone);
      }
      return [{ type: 'vanished', uids: response.uids, earlier: response.earlier }];
    }
    case 'flags':
      mailbox.flags = response.flags;
      return [{ type: 'flags', flags: response.flags }];
    default:
      return [];
  }
}
