/**
 * The shared model (docs/model.md): one vocabulary for IMAP, JMAP, Maildir, m2dir and SMTP.
 * Every backend maps its native data onto these types; every operation accepts them back.
 */
import type { Flag } from './flags.js';

export type { Flag } from './flags.js';

/** RFC 5322 mailbox: an optional display name (decoded) and an addr-spec. */
export interface Address {
  name?: string;
  email: string;
}

/** Special-use roles (RFC 6154 / RFC 8621 §2). */
export type MailboxRole =
  'inbox' | 'archive' | 'drafts' | 'flagged' | 'important' | 'junk' | 'sent' | 'trash' | 'all';

export const MAILBOX_ROLES: readonly MailboxRole[] = [
  'inbox',
  'archive',
  'drafts',
  'flagged',
  'important',
  'junk',
  'sent',
  'trash',
  'all',
];

/** A mailbox reference: the `id` returned by `listMailboxes` (JMAP also accepts a name path). */
export type MailboxRef = string;

export interface Mailbox {
  /** What every operation accepts back; round-trips on every backend. */
  id: string;
  /** Display name, decoded (IMAP modified UTF-7 → UTF-8). */
  name: string;
  /** Hierarchy components; the delimiter is a backend detail. */
  path: string[];
  role?: MailboxRole;
  total?: number;
  unread?: number;
}

export interface Envelope {
  id: string;
  mailbox: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  threadId?: string;
  /** Normalised, sorted, unique (see flags.ts). */
  flags: Flag[];
  subject: string;
  from: Address[];
  sender?: Address[];
  replyTo?: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  /** The Date header. */
  date?: Date;
  /** When the store received it (IMAP INTERNALDATE, JMAP receivedAt, file mtime/name time). */
  receivedAt?: Date;
  size: number;
  hasAttachment?: boolean;
  preview?: string;
}

/** One page of envelopes, newest first unless a search says otherwise. */
export interface EnvelopePage {
  envelopes: Envelope[];
  /** 1-based page number. */
  page: number;
  pageSize: number;
  /** Total matching messages, when the backend knows it cheaply or `counts` was asked. */
  total?: number;
  /**
   * Where the next page starts (docs/reading.md "Pages that do not shift"): pass it as
   * `after` to get the next page right even when mail arrived or left meanwhile. Absent on an
   * empty page.
   */
  next?: string;
}

/** A conversation: its envelopes newest first, all carrying `id` as their threadId. */
export interface Thread {
  id: string;
  envelopes: Envelope[];
}

/** One page of threads, newest (by latest message) first. */
export interface ThreadPage {
  threads: Thread[];
  page: number;
  pageSize: number;
  /** Threads in the mailbox. */
  total: number;
}

/** What changed in the mailbox list since `state`. */
export interface MailboxDiff {
  created: Mailbox[];
  updated: Mailbox[];
  /** Ids of mailboxes that no longer exist. */
  removed: string[];
  /** Opaque; pass it to the next `diffMailboxes`. */
  state: string;
}

export interface FlagChange {
  id: string;
  flags: Flag[];
}

/**
 * What changed in one mailbox since `state`. Buckets never overlap: an id appears at most once.
 * `reset` is true when the old state could not be used (IMAP UIDVALIDITY change, JMAP
 * cannotCalculateChanges, no state given): `added` then holds the full listing.
 */
export interface EnvelopeDiff {
  added: Envelope[];
  removed: string[];
  flagsChanged: FlagChange[];
  reset: boolean;
  state: string;
}

export type WatchEvent =
  | { type: 'added'; mailbox: string; envelope: Envelope }
  | { type: 'removed'; mailbox: string; id: string }
  | { type: 'flags-changed'; mailbox: string; id: string; flags: Flag[] }
  /** The store lost continuity (e.g. UIDVALIDITY changed): relist. */
  | { type: 'reset'; mailbox: string };

/** Options every call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Abort the call after this many milliseconds with ERR_TIMEOUT. */
  timeoutMs?: number;
  /** Pin the call to one registered backend by name, bypassing priority dispatch. */
  backend?: string;
}

export interface ListMailboxesOptions extends CallOptions {
  /** Fill `total` and `unread` (may cost a round trip per mailbox on some servers). */
  counts?: boolean;
}

export interface CreateMailboxOptions extends CallOptions {
  role?: MailboxRole;
}

export interface ListEnvelopesOptions extends CallOptions {
  /** 1-based. Default 1. */
  page?: number;
  /** Default 50. */
  pageSize?: number;
  /** Fill `total` of the page. */
  counts?: boolean;
  /** A `next` cursor of an earlier page: the page after it (then `page` is ignored). */
  after?: string;
}

/** Pages of threads: `page` / `pageSize` count threads (default 1 / 20). */
export interface ListThreadsOptions extends CallOptions {
  page?: number;
  pageSize?: number;
}

/** Options of `iterateEnvelopes` (docs/reading.md "Whole mailboxes"). */
export interface IterateEnvelopesOptions extends CallOptions {
  /** Envelopes read per round trip / batch of files. Default 500. */
  batchSize?: number;
}

/** One header field of a message: the name as written, the value unfolded and RFC 2047-decoded. */
export interface HeaderField {
  name: string;
  value: string;
}

/**
 * A part of a message a reader can save (docs/reading.md "Attachments"): attachments proper,
 * inline images, encapsulated messages — what RFC 8621 §4.1.4 puts in `attachments`.
 */
export interface AttachmentInfo {
  /** IMAP section number (RFC 9051 §6.4.5), the same on every backend: '2', '1.2'. */
  partId: string;
  /** Decoded (RFC 2231 / RFC 2047), control characters removed; absent when the part has none. */
  filename?: string;
  /** Lowercased `type/subtype`. */
  contentType: string;
  /** Lowercased RFC 2183 disposition type, when the part has one. */
  disposition?: string;
  /** Content-ID without angle brackets (what `cid:` URLs in the HTML name). */
  contentId?: string;
  /** Octets after transfer decoding (see docs/reading.md for IMAP servers without BINARY). */
  size: number;
}

/** A message as a reader sees it: its envelope, every header, decoded bodies, its attachments. */
export interface Message extends Envelope {
  headers: HeaderField[];
  /** The text/plain body parts (RFC 8621 §4.1.4 textBody), decoded, LF line ends. */
  text?: string;
  /** The text/html body parts (htmlBody), decoded, LF line ends. */
  html?: string;
  attachments: AttachmentInfo[];
  /** Set when `maxBodyBytes` cut a body. */
  truncated?: boolean;
}

export interface ReadMessageOptions extends CallOptions {
  /** Fetch and decode the text and HTML bodies. Default true; false reads structure and headers only. */
  bodies?: boolean;
  /** Keep at most this many decoded octets of each body (then `truncated` is set). */
  maxBodyBytes?: number;
}

export type SearchEnvelopesOptions = ListEnvelopesOptions;

export interface WatchOptions extends CallOptions {
  /** Poll interval where the backend has no push (ms). */
  pollIntervalMs?: number;
  /**
   * Called once, when the baseline is taken and the backend is listening: every change made
   * after it is reported (a change made before it may be part of the baseline, or reported too).
   * The watch starts on the iterator's first `next()`, so onReady comes after that. It is not
   * called again when a watch reconnects (the catch-up diff reports what changed meanwhile).
   * If onReady throws, the watch stops and the pending `next()` rejects with that same error.
   */
  onReady?: () => void;
}

export interface AddMessageOptions extends CallOptions {
  flags?: Flag[];
  receivedAt?: Date;
}

export type StoreFlagsAction = 'add' | 'remove' | 'set';

/** old id → new id, for every message whose new id the backend could tell. */
export type IdMap = Record<string, string>;

/** A message to compose (built into RFC 5322 by the SMTP/JMAP backends). */
export interface ComposeAttachment {
  filename: string;
  content: Uint8Array | string;
  contentType?: string;
  /** Content-ID for inline parts. */
  cid?: string;
}

export interface ComposeMessage {
  from: Address | string;
  to?: (Address | string)[];
  cc?: (Address | string)[];
  bcc?: (Address | string)[];
  replyTo?: (Address | string)[];
  subject?: string;
  text?: string;
  html?: string;
  attachments?: ComposeAttachment[];
  headers?: Record<string, string>;
  inReplyTo?: string;
  references?: string[];
  messageId?: string;
  date?: Date;
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface SendOptions extends CallOptions {
  /** Explicit SMTP envelope; derived from the message otherwise. */
  envelope?: SmtpEnvelope;
  /** After sending, store a copy (flagged seen) in the storage backend's Sent mailbox. */
  saveToSent?: boolean;
}

export interface SendResult {
  /** Which transport sent it: the backend's name ('jmap', 'smtp', …). */
  transport: string;
  messageId?: string;
  envelope: SmtpEnvelope;
  accepted: string[];
  rejected: string[];
  /** The bytes that were sent (Bcc stripped). */
  raw: Uint8Array;
  /** Where the Sent copy was stored, when `saveToSent` did it. */
  sentCopy?: { mailbox: string; id: string };
  /** Things that went wrong after the message was sent (e.g. saving the Sent copy). */
  warnings?: string[];
}
