/**
 * The typed IMAP wire model: what the decoder produces from server responses (RFC 9051 §7,
 * RFC 3501 §7 and the extensions listed per type) and what the encoder accepts as command
 * arguments. Strings are decoded from UTF-8 at the leaves; mailbox names are already decoded
 * from modified UTF-7 (RFC 3501 §5.1.3) unless UTF8=ACCEPT is in effect.
 *
 * Numbers: `number` for 32-bit values (sequence numbers, UIDs, sizes — RFC 9051 number is
 * < 2^32, number64 < 2^63 fits a double exactly only below 2^53, so mod-sequences are `bigint`).
 */
import type { BodyStructure, ImapEnvelope } from './body-types.js';

export type * from './body-types.js';
export type * from './command-types.js';

// ---- generic values --------------------------------------------------------------------------

/**
 * A generic wire value, kept for data the decoder does not model (unknown FETCH items, unknown
 * response codes, body extension data): atoms and quoted strings become `string`, literals
 * `Uint8Array`, NIL `null`, parenthesised lists arrays.
 */
export type WireValue = string | Uint8Array | null | readonly WireValue[];

/** Inclusive UID or sequence range; `end` may equal `start`. Server-sent sets never contain `*`. */
export interface NumberRange {
  readonly start: number;
  readonly end: number;
}

// ---- response codes (RFC 9051 §7.1, RFC 4315, RFC 7162, RFC 5530) -------------------------------

/** Response codes that carry no data (RFC 9051 §7.1, RFC 5530, RFC 7162 NOMODSEQ/CLOSED). */
export type SimpleCodeName =
  | 'ALERT'
  | 'PARSE'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'TRYCREATE'
  | 'CLOSED'
  | 'NOMODSEQ'
  | 'UIDNOTSTICKY'
  | 'UNAVAILABLE'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'EXPIRED'
  | 'PRIVACYREQUIRED'
  | 'CONTACTADMIN'
  | 'NOPERM'
  | 'INUSE'
  | 'EXPUNGEISSUED'
  | 'CORRUPTION'
  | 'SERVERBUG'
  | 'CLIENTBUG'
  | 'CANNOT'
  | 'LIMIT'
  | 'OVERQUOTA'
  | 'ALREADYEXISTS'
  | 'NONEXISTENT'
  | 'NOTSAVED'
  | 'HASCHILDREN'
  | 'UNKNOWN-CTE'
  | 'COMPRESSIONACTIVE'
  | 'USEATTR'
  | 'TOOBIG';

export type ResponseCode =
  | { readonly type: SimpleCodeName }
  | { readonly type: 'CAPABILITY'; readonly capabilities: readonly string[] }
  | { readonly type: 'PERMANENTFLAGS'; readonly flags: readonly string[] }
  | { readonly type: 'BADCHARSET'; readonly charsets: readonly string[] }
  | { readonly type: 'UIDVALIDITY' | 'UIDNEXT' | 'UNSEEN' | 'APPENDLIMIT'; readonly value: number }
  | { readonly type: 'HIGHESTMODSEQ'; readonly value: bigint }
  /** RFC 4315: `[APPENDUID uidvalidity uid-set]` */
  | {
      readonly type: 'APPENDUID';
      readonly uidValidity: number;
      readonly uids: readonly NumberRange[];
    }
  /** RFC 4315: `[COPYUID uidvalidity source-set dest-set]` */
  | {
      readonly type: 'COPYUID';
      readonly uidValidity: number;
      readonly sourceUids: readonly NumberRange[];
      readonly destinationUids: readonly NumberRange[];
    }
  /** RFC 7162 §3.1.3: `[MODIFIED sequence-set]` */
  | { readonly type: 'MODIFIED'; readonly set: readonly NumberRange[] }
  /** RFC 8474 §5.1: `[MAILBOXID (id)]` */
  | { readonly type: 'MAILBOXID'; readonly id: string }
  /** Anything else, kept raw: the atom and the text up to `]` (null when absent). */
  | { readonly type: 'unknown'; readonly name: string; readonly text: string | null };

// ---- FETCH (RFC 9051 §7.5.2, RFC 3516, RFC 7162, RFC 8474, RFC 8514, RFC 8970, Gmail) ----------

/** `BODY[section]<origin>` / `BINARY[section]<origin>` data. */
export interface BodySectionData {
  /** The section spec exactly as sent by the server between the brackets, e.g. 'HEADER.FIELDS (FROM)'. */
  readonly section: string;
  readonly origin?: number;
  /** Bytes; null for NIL; empty when streamed (see `streamed`). */
  readonly data: Uint8Array | null;
  /** Set when the framer streamed this literal to a sink instead of buffering it. */
  readonly streamed?: { readonly id: number; readonly size: number };
}

export interface FetchAttributes {
  uid?: number;
  flags?: readonly string[];
  /** Raw date-time string as sent, plus the parsed instant (undefined when unparseable). */
  internalDate?: string;
  internalDateParsed?: Date;
  rfc822Size?: number;
  envelope?: ImapEnvelope;
  bodyStructure?: BodyStructure;
  /**
   * Instead of `bodyStructure` when decoding with `bodyStructure: 'hasAttachment'` (FETCH
   * item `bodyStructure: 'hasAttachment'`): whether the body, or a part of it through
   * multiparts, has the disposition type "attachment" (RFC 2183); the parts of an
   * encapsulated message/rfc822 do not count.
   */
  bodyStructureHasAttachment?: boolean;
  /** Non-extensible BODY (RFC 9051 `"BODY" SP body`). */
  body?: BodyStructure;
  bodySections?: BodySectionData[];
  binarySections?: BodySectionData[];
  /** `BINARY.SIZE[section]` values keyed by section. */
  binarySizes?: { readonly section: string; readonly size: number }[];
  /** RFC822 / RFC822.HEADER / RFC822.TEXT (obsolete forms) as bytes. */
  rfc822?: Uint8Array | null;
  rfc822Header?: Uint8Array | null;
  rfc822Text?: Uint8Array | null;
  modseq?: bigint;
  /** RFC 8970; null when the server sent NIL. */
  preview?: string | null;
  emailId?: string;
  threadId?: string | null;
  /** RFC 8514; null when the server sent NIL. */
  saveDate?: string | null;
  gmLabels?: readonly string[];
  gmMsgId?: string;
  gmThrId?: string;
  /** Items the decoder does not model, kept raw in order. */
  unknown?: { readonly name: string; readonly value: WireValue }[];
}

// ---- mailbox data ----------------------------------------------------------------------------

export interface MailboxStatusValues {
  messages?: number;
  recent?: number;
  uidNext?: number;
  uidValidity?: number;
  unseen?: number;
  deleted?: number;
  size?: number;
  appendLimit?: number | null;
  highestModseq?: bigint;
  mailboxId?: string;
  /** Items not modelled, by upper-cased name. */
  unknown?: { readonly name: string; readonly value: WireValue }[];
}

/** RFC 9051 §7.3.1 / RFC 5258 LIST-EXTENDED / RFC 6154 SPECIAL-USE attributes kept as sent. */
export interface ListData {
  /** Attributes as sent (e.g. '\\HasNoChildren', '\\Sent'); compare case-insensitively. */
  readonly attributes: readonly string[];
  readonly delimiter: string | null;
  /** Decoded name (modified UTF-7 → UTF-8 unless UTF8=ACCEPT). */
  readonly mailbox: string;
  /** The name exactly as sent (for sending back when decoding is lossy). */
  readonly rawMailbox: string;
  /** RFC 5258 CHILDINFO selection criteria. */
  readonly childInfo?: readonly string[];
  /** RFC 9051 OLDNAME (decoded). */
  readonly oldName?: string;
  /** Other extended items, kept raw. */
  readonly extended?: readonly { readonly name: string; readonly value: WireValue }[];
}

export interface NamespaceDescriptor {
  readonly prefix: string;
  readonly delimiter: string | null;
  readonly extensions?: readonly { readonly name: string; readonly values: readonly string[] }[];
}

/** RFC 5256 THREAD; `id === null` for a dummy parent of a thread-nested list. */
export interface ThreadNode {
  readonly id: number | null;
  readonly children: readonly ThreadNode[];
}

export interface EsearchData {
  /** Tag of the command this answers (RFC 4731 search-correlator), if given. */
  readonly tag?: string;
  readonly uid: boolean;
  min?: number;
  max?: number;
  count?: number;
  all?: readonly NumberRange[];
  modseq?: bigint;
  /** RFC 9394 PARTIAL: the requested range and the matching ids. */
  partial?: { readonly range: string; readonly ids: readonly NumberRange[] };
  unknown?: { readonly name: string; readonly value: WireValue }[];
}

export interface QuotaResource {
  readonly name: string;
  readonly usage: number;
  readonly limit: number;
}

// ---- responses ---------------------------------------------------------------------------------

export type StatusName = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

export interface TaggedResponse {
  readonly kind: 'tagged';
  readonly tag: string;
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly code?: ResponseCode;
  readonly text: string;
}

/** `+ …` command continuation request (RFC 9051 §7.5). `text` may be base64 for SASL. */
export interface ContinuationRequest {
  readonly kind: 'continuation';
  readonly code?: ResponseCode;
  readonly text: string;
}

export type UntaggedData =
  | {
      readonly type: 'status';
      readonly status: StatusName;
      readonly code?: ResponseCode;
      readonly text: string;
    }
  | { readonly type: 'capability'; readonly capabilities: readonly string[] }
  | { readonly type: 'enabled'; readonly capabilities: readonly string[] }
  | { readonly type: 'list' | 'lsub'; readonly list: ListData }
  | {
      readonly type: 'mailboxStatus';
      readonly mailbox: string;
      readonly rawMailbox: string;
      readonly values: MailboxStatusValues;
    }
  | { readonly type: 'flags'; readonly flags: readonly string[] }
  | { readonly type: 'exists' | 'recent' | 'expunge'; readonly value: number }
  /** RFC 7162 §3.2.10 */
  | { readonly type: 'vanished'; readonly earlier: boolean; readonly uids: readonly NumberRange[] }
  | { readonly type: 'fetch'; readonly seq: number; readonly attributes: FetchAttributes }
  /** SEARCH / SORT (RFC 5256); RFC 7162 adds `(MODSEQ n)` to SEARCH. */
  | { readonly type: 'search' | 'sort'; readonly ids: readonly number[]; readonly modseq?: bigint }
  | { readonly type: 'esearch'; readonly esearch: EsearchData }
  | { readonly type: 'thread'; readonly threads: readonly ThreadNode[] }
  | {
      readonly type: 'namespace';
      readonly personal: readonly NamespaceDescriptor[] | null;
      readonly other: readonly NamespaceDescriptor[] | null;
      readonly shared: readonly NamespaceDescriptor[] | null;
    }
  /** RFC 2971; `params` is null for NIL. Keys are kept as sent, in a null-prototype object. */
  | { readonly type: 'id'; readonly params: Readonly<Record<string, string | null>> | null }
  | { readonly type: 'quota'; readonly root: string; readonly resources: readonly QuotaResource[] }
  | { readonly type: 'quotaroot'; readonly mailbox: string; readonly roots: readonly string[] }
  | {
      readonly type: 'acl';
      readonly mailbox: string;
      readonly entries: readonly { readonly identifier: string; readonly rights: string }[];
    }
  | {
      readonly type: 'listrights';
      readonly mailbox: string;
      readonly identifier: string;
      readonly required: string;
      readonly optional: readonly string[];
    }
  | { readonly type: 'myrights'; readonly mailbox: string; readonly rights: string }
  /** RFC 5464; entry values are bytes (null = NIL); unsolicited form lists names with no values. */
  | {
      readonly type: 'metadata';
      readonly mailbox: string;
      readonly entries: readonly { readonly name: string; readonly value?: Uint8Array | null }[];
    }
  /** Anything not modelled: the upper-cased response name (or number + name) and the bytes. */
  | { readonly type: 'unknown'; readonly name: string; readonly raw: Uint8Array };

export type UntaggedResponse = { readonly kind: 'untagged' } & UntaggedData;

export type ImapResponse = TaggedResponse | UntaggedResponse | ContinuationRequest;

// ---- decoder options and quirks ----------------------------------------------------------------

/**
 * Named server quirks the decoder tolerates (all on by default). Each has a fixture in
 * test/fixtures/imap/quirks/ naming the server it was seen on.
 */
export interface DecoderQuirks {
  /** `* OK [UIDNEXT 5]` with no text after the code (Gmail; RFC 7162 errata 5055). */
  missingText: boolean;
  /** `-1` where a number is required (Dovecot/Exchange body-fld-lines) → 0. */
  negativeNumbers: boolean;
  /** Trailing or doubled spaces (qq.com `FETCH (UID 1 )`, Outlook STATUS). */
  extraSpaces: boolean;
  /** NIL where the grammar forbids it (Exchange BODYSTRUCTURE, mail.ru params). */
  nilAnywhere: boolean;
  /** NUL bytes padding lines (seen from some proxies; imapflow tests). */
  nulPadding: boolean;
  /** Lower-case keywords (`* ok`, `fetch`). */
  lowercaseKeywords: boolean;
  /** Broken address lists in ENVELOPE (Exchange: NIL or spaces between addresses, strings). */
  brokenAddresses: boolean;
}

export interface DecodeOptions {
  /** UTF8=ACCEPT enabled (RFC 6855): mailbox names are UTF-8, not modified UTF-7. */
  utf8Accept?: boolean;
  quirks?: Partial<DecoderQuirks>;
  /** Maximum nesting depth of lists / body structures (default 64). */
  maxDepth?: number;
  /**
   * What a FETCH `BODYSTRUCTURE` item decodes to: 'tree' (default) the full structure in
   * `bodyStructure`; 'hasAttachment' only `bodyStructureHasAttachment` (see
   * decoder/body-attachment.ts), for listings that need nothing else: the tree is not kept
   * with the message. Inputs accepted and errors are the same in both modes.
   */
  bodyStructure?: 'tree' | 'hasAttachment';
}
