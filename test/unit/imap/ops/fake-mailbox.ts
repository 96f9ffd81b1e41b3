/**
 * A scripted IMAP server over one mailbox model, for the ops paths no real test server takes
 * (no SORT, no UIDPLUS, no MOVE, no IDLE, no LIST-STATUS, token-only auth). It answers just the
 * commands the ops send, records every command line (tag stripped) in `commands`, and lets a
 * test inject untagged data as "another client" would cause it.
 */
import { ImapConnection } from '../../../../src/backends/imap/client/connection.js';
import { FakeTransport } from '../fake-server.js';

export interface FakeMessage {
  uid: number;
  flags: string[];
  subject: string;
  /** RFC 5322 date of the ENVELOPE. */
  date: string;
  /** RFC 7162 mod-sequence (CONDSTORE servers); defaults to the UID. */
  modseq?: number;
  /** Gmail's X-GM-THRID, sent when the FETCH asks for it. */
  gmThrId?: string;
}

export function message(uid: number, subject: string, day: number, flags: string[] = []) {
  const date = `Sat, ${String(day).padStart(2, '0')} Nov 2026 10:00:00 +0000`;
  return { uid, subject, date, flags } satisfies FakeMessage;
}

/** `1:3,7`, `4:*`, `*` against the current UIDs (RFC 9051 §9 sequence-set over UIDs). */
function uidsIn(set: string, all: readonly number[]): Set<number> {
  const max = all.length === 0 ? 0 : Math.max(...all);
  const out = new Set<number>();
  for (const part of set.split(',')) {
    const [a = '', b = a] = part.split(':');
    const lo = a === '*' ? max : Number(a);
    const hi = b === '*' ? max : Number(b);
    for (const uid of all) if (uid >= Math.min(lo, hi) && uid <= Math.max(lo, hi)) out.add(uid);
  }
  return out;
}

export class FakeMailboxServer {
  readonly commands: string[] = [];
  uidValidity = 7;
  uidNext: number;
  /** Untagged lines the next NOOP (or IDLE) reports. */
  pending: string[] = [];
  /** Mailboxes for LIST; counts for STATUS / LIST-STATUS (null: listed, but STATUS says NO). */
  mailboxes: Record<string, { messages: number; unseen: number } | null> = {
    INBOX: { messages: 3, unseen: 1 },
    Work: { messages: 5, unseen: 0 },
  };
  connections = 0;
  /** Every transport handed out, to cut a connection as a server restart would. */
  readonly transports: FakeTransport[] = [];
  /** Called with each command before it is answered (to change the mailbox mid-command). */
  onCommand: ((command: string) => void) | undefined;
  /** Edits an answer before it is sent (e.g. to make one line malformed). */
  rewrite: ((command: string, lines: string[]) => string[]) | undefined;
  /** When set, the next command is refused with `NO <this text>`. */
  rejectNext: string | undefined;
  private idleTag: string | undefined;
  private push: ((text: string) => void) | undefined;

  /** HIGHESTMODSEQ (RFC 7162 §3.1.2.1). */
  highestModseq: number;

  constructor(
    readonly capabilities: string,
    public messages: FakeMessage[],
  ) {
    this.uidNext = Math.max(0, ...messages.map((m) => m.uid)) + 1;
    this.highestModseq = Math.max(1, ...messages.map((m) => m.modseq ?? m.uid));
  }

  /** Another client sets the flags of `uid`: a new, higher mod-sequence (RFC 7162 §3.1). */
  setFlags(uid: number, flags: string[]): void {
    const m = this.messages.find((x) => x.uid === uid);
    if (m === undefined) return;
    m.flags = flags;
    this.highestModseq += 1;
    m.modseq = this.highestModseq;
  }

  /** An authenticated connection to this server. */
  connect(): ImapConnection {
    const transport = new FakeTransport((line, push) => this.onLine(line, push));
    this.push = transport.push;
    this.transports.push(transport);
    const conn = new ImapConnection(transport);
    conn.session.setCapabilities(this.capabilities.split(' '));
    conn.session.state = 'authenticated';
    this.connections += 1;
    return conn;
  }

  /** Another client's change, as the server announces it (EXISTS, EXPUNGE, FETCH). */
  announce(...lines: string[]): void {
    if (this.idleTag !== undefined && this.push !== undefined)
      this.push(lines.map((l) => `${l}\r\n`).join(''));
    else this.pending.push(...lines);
  }

  /** The commands sent, first word(s) only: `UID FETCH`, `SELECT`… */
  verbs(): string[] {
    return this.commands.map((c) => (/^(UID \w+|\w+)/.exec(c)?.[1] ?? c).toUpperCase());
  }

  private seq(uid: number): number {
    return this.messages.findIndex((m) => m.uid === uid) + 1;
  }

  private fetchLine(m: FakeMessage, full: boolean, withModseq = false, gmail = false): string {
    const modseq = withModseq ? ` MODSEQ (${m.modseq ?? m.uid})` : '';
    const flags = `FLAGS (${m.flags.join(' ')})${modseq}`;
    if (!full) return `* ${this.seq(m.uid)} FETCH (UID ${m.uid} ${flags})`;
    const envelope = `("${m.date}" "${m.subject}" (("Ann" NIL "ann" "example.org")) NIL NIL ((NIL NIL "bob" "example.org")) NIL NIL NIL "<${m.uid}@example.org>")`;
    const body = '("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 4 1)';
    const thread = gmail && m.gmThrId !== undefined ? ` X-GM-THRID ${m.gmThrId}` : '';
    return `* ${this.seq(m.uid)} FETCH (UID ${m.uid} ${flags}${thread} RFC822.SIZE 100 INTERNALDATE "21-Nov-2026 10:00:00 +0000" ENVELOPE ${envelope} BODYSTRUCTURE ${body})`;
  }

  /**
   * RFC 7162 §3.2.5.2: SELECT … (QRESYNC (uidvalidity modseq [known-uids])) answers with
   * VANISHED (EARLIER) for known UIDs no longer present and a FETCH (UID FLAGS MODSEQ) of every
   * message changed since — nothing when the UIDVALIDITY differs.
   */
  private qresyncAnswer(command: string): string[] {
    const q = /QRESYNC \((\d+) (\d+)(?: ([\d:,]+))?\)/.exec(command);
    if (q === null || Number(q[1]) !== this.uidValidity) return [];
    const since = Number(q[2]);
    const present = new Set(this.messages.map((m) => m.uid));
    // known UIDs, up to the highest ever assigned (the set may name up to 2^32-1)
    const known = new Set<number>();
    for (const part of (q[3] ?? `1:${this.uidNext - 1}`).split(',')) {
      const [a = '', b = a] = part.split(':');
      const top = Math.min(Math.max(+a, +b), this.uidNext - 1);
      for (let u = Math.min(+a, +b); u <= top; u++) known.add(u);
    }
    const gone = [...known].filter((u) => !present.has(u));
    return [
      ...(gone.length > 0 ? [`* VANISHED (EARLIER) ${gone.join(',')}`] : []),
      // as Dovecot and Cyrus: FETCH answers only for messages in the known-UIDs set
      ...this.messages
        .filter((m) => known.has(m.uid) && (m.modseq ?? m.uid) > since)
        .map((m) => this.fetchLine(m, false, true)),
    ];
  }

  private onLine(line: string, push: (text: string) => void): void {
    const text = line.replace(/\r\n$/, '');
    if (this.idleTag !== undefined && text === 'DONE') {
      push(`${this.idleTag} OK IDLE done\r\n`);
      this.idleTag = undefined;
      return;
    }
    const space = text.indexOf(' ');
    const tag = text.slice(0, space);
    const command = text.slice(space + 1);
    this.commands.push(command);
    this.onCommand?.(command);
    const refusal = this.rejectNext;
    this.rejectNext = undefined;
    const answer = refusal === undefined ? this.answer(command, tag) : [`${tag} NO ${refusal}`];
    const out = this.rewrite?.(command, answer) ?? answer;
    push(out.map((l) => `${l}\r\n`).join(''));
  }

  private answer(command: string, tag: string): string[] {
    const ok = (text = 'done'): string => `${tag} OK ${text}`;
    const uids = this.messages.map((m) => m.uid);
    const [verb = '', ...rest] = command.split(' ');
    const upper =
      verb.toUpperCase() === 'UID' ? `UID ${rest.shift()?.toUpperCase()}` : verb.toUpperCase();
    switch (upper) {
      case 'SELECT':
      case 'EXAMINE':
        this.pending = [];
        return [
          '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
          '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] ok',
          `* ${this.messages.length} EXISTS`,
          `* OK [UIDVALIDITY ${this.uidValidity}] ok`,
          `* OK [UIDNEXT ${this.uidNext}] ok`,
          ...(this.capabilities.includes('CONDSTORE')
            ? [`* OK [HIGHESTMODSEQ ${this.highestModseq}] ok`]
            : []),
          ...this.qresyncAnswer(command),
          ok('[READ-WRITE] selected'),
        ];
      case 'NOOP': {
        const lines = this.pending;
        this.pending = [];
        return [...lines, ok()];
      }
      case 'IDLE': {
        this.idleTag = tag;
        const lines = this.pending;
        this.pending = [];
        return ['+ idling', ...lines];
      }
      case 'UID SEARCH':
        return [`* SEARCH ${uids.join(' ')}`.trimEnd(), ok()];
      case 'UID FETCH': {
        const set = uidsIn(rest[0] ?? '', uids);
        const full = command.includes('ENVELOPE');
        // RFC 7162 §3.1.4.1: CHANGEDSINCE limits the answer and implies MODSEQ
        const since = /CHANGEDSINCE (\d+)/.exec(command)?.[1];
        const lines = this.messages
          .filter((m) => set.has(m.uid))
          .filter((m) => since === undefined || (m.modseq ?? m.uid) > Number(since))
          .map((m) => this.fetchLine(m, full, since !== undefined, command.includes('X-GM-THRID')));
        // EXISTS / FETCH news may ride on any command's response (RFC 9051 §7)
        const news = this.pending;
        this.pending = [];
        return [...lines, ...news, ok()];
      }
      case 'UID STORE': {
        const set = uidsIn(rest[0] ?? '', uids);
        const added = /\(([^)]*)\)/.exec(command)?.[1]?.split(' ') ?? [];
        for (const m of this.messages)
          if (set.has(m.uid)) m.flags = [...new Set([...m.flags, ...added])];
        return [ok()];
      }
      case 'UID EXPUNGE':
      case 'EXPUNGE': {
        const set = upper === 'EXPUNGE' ? new Set(uids) : uidsIn(rest[0] ?? '', uids);
        const lines: string[] = [];
        for (const m of [...this.messages].reverse())
          if (set.has(m.uid) && m.flags.includes('\\Deleted')) {
            lines.push(`* ${this.seq(m.uid)} EXPUNGE`);
            this.messages = this.messages.filter((x) => x !== m);
          }
        return [...lines, ok()];
      }
      case 'UID COPY': {
        const set = [...uidsIn(rest[0] ?? '', uids)];
        const to = set.map((_, i) => 100 + i);
        const code = this.capabilities.includes('UIDPLUS')
          ? `[COPYUID 9 ${set.join(',')} ${to.join(',')}] `
          : '';
        return [ok(`${code}copied`)];
      }
      case 'UID MOVE': {
        // RFC 6851 §4.3: COPYUID (when UIDPLUS) in an untagged OK, then EXPUNGEs
        const set = [...uidsIn(rest[0] ?? '', uids)];
        const lines = this.capabilities.includes('UIDPLUS')
          ? [`* OK [COPYUID 9 ${set.join(',')} ${set.map((_, i) => 100 + i).join(',')}] moved`]
          : [];
        for (const uid of [...set].reverse()) {
          lines.push(`* ${this.seq(uid)} EXPUNGE`);
          this.messages = this.messages.filter((m) => m.uid !== uid);
        }
        return [...lines, ok()];
      }
      case 'LIST': {
        const status = /RETURN \(.*STATUS/.test(command);
        return [
          ...Object.entries(this.mailboxes).flatMap(([name, c]) => [
            `* LIST () "/" ${name}`,
            ...(status && c !== null
              ? [`* STATUS ${name} (MESSAGES ${c.messages} UNSEEN ${c.unseen})`]
              : []),
          ]),
          ok(),
        ];
      }
      case 'STATUS': {
        const name = (rest[0] ?? '').replace(/"/g, '');
        const c = this.mailboxes[name];
        if (c === undefined || c === null) return [`${tag} NO [NONEXISTENT] no such mailbox`];
        return [`* STATUS ${name} (MESSAGES ${c.messages} UNSEEN ${c.unseen})`, ok()];
      }
      case 'LOGOUT':
        return ['* BYE bye', ok()];
      default:
        return [`${tag} BAD not scripted: ${upper}`];
    }
  }
}
