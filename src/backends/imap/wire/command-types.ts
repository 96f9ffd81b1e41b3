/**
 * Command argument values and encoder output (RFC 9051 §4). Values are branded: only the
 * validating constructors in wire/values.ts create them. Re-exported from types.ts.
 */

// ---- command values (built only through wire/values.ts, which validates) -----------------------

declare const validated: unique symbol;
/** Brand proving a value went through a validating constructor in wire/values.ts. */
export interface Validated {
  readonly [validated]: true;
}

export type CommandValue =
  /** RFC 9051 atom (validated ATOM-CHARs) or a protocol keyword. */
  | (Validated & { readonly kind: 'atom'; readonly value: string })
  /** astring: atom when possible, else quoted, else literal (chosen by the encoder). */
  | (Validated & { readonly kind: 'astring'; readonly value: string; readonly sensitive: boolean })
  /** string: quoted when safe, else literal (never an atom). */
  | (Validated & { readonly kind: 'string'; readonly value: string; readonly sensitive: boolean })
  /** nstring: like string, or NIL for null. */
  | (Validated & { readonly kind: 'nstring'; readonly value: string | null })
  /** Always a literal; `binary` asks for literal8 `~{n}` (RFC 3516). */
  | (Validated & { readonly kind: 'literal'; readonly bytes: Uint8Array; readonly binary: boolean })
  | (Validated & { readonly kind: 'number'; readonly value: number | bigint })
  /** sequence-set, validated (numbers, `*`, ranges, `$`). */
  | (Validated & { readonly kind: 'sequenceSet'; readonly value: string })
  /** Mailbox name in UTF-8; the encoder applies modified UTF-7 unless UTF8=ACCEPT. */
  | (Validated & { readonly kind: 'mailbox'; readonly name: string })
  | (Validated & { readonly kind: 'flagList'; readonly flags: readonly string[] })
  /** date: DD-Mon-YYYY; date-time: "DD-Mon-YYYY HH:MM:SS +ZZZZ" (quoted). */
  | (Validated & { readonly kind: 'date'; readonly value: string; readonly withTime: boolean })
  | (Validated & { readonly kind: 'list'; readonly items: readonly CommandValue[] })
  /** A validated protocol token with structure (`BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>`). */
  | (Validated & { readonly kind: 'token'; readonly value: string });

/** What the server allows for literals and strings (from CAPABILITY / ENABLE). */
export interface EncoderCapabilities {
  literalPlus?: boolean;
  literalMinus?: boolean;
  /** IMAP4rev2 implies LITERAL- (RFC 9051 §7.2.2), not LITERAL+. */
  imap4rev2?: boolean;
  /** UTF8=ACCEPT enabled: quoted strings and mailbox names may carry UTF-8. */
  utf8Accept?: boolean;
  /** BINARY: literal8 allowed for NUL-bearing data. */
  binary?: boolean;
}

/**
 * One piece of an encoded command: send `bytes`; when `waitForContinuation` is set the caller
 * must wait for a `+` continuation before sending the next segment (synchronising literal).
 */
export interface CommandSegment {
  readonly bytes: Uint8Array;
  readonly waitForContinuation: boolean;
}

export interface EncodedCommand {
  readonly tag: string;
  readonly segments: readonly CommandSegment[];
  /** Human-readable form for logs: sensitive values and literal contents are redacted. */
  readonly redacted: string;
}
