/**
 * ENVELOPE and BODYSTRUCTURE as decoded (RFC 9051 §7.5.2). Re-exported from types.ts.
 */
import type { WireValue } from './types.js';

// ---- envelope and body structure (RFC 9051 §7.5.2) ---------------------------------------------

/** RFC 9051 `address`; a group start has `host === null`, a group end also `mailbox === null`. */
export interface ImapAddress {
  readonly name: string | null;
  readonly adl: string | null;
  readonly mailbox: string | null;
  readonly host: string | null;
}

/**
 * RFC 9051 `envelope`; header strings are raw (RFC 2047 encoded words are NOT decoded here).
 * `sender` and `replyTo` may be the very array of `from` when the server sent the same list.
 */
export interface ImapEnvelope {
  readonly date: string | null;
  readonly subject: string | null;
  readonly from: readonly ImapAddress[];
  readonly sender: readonly ImapAddress[];
  readonly replyTo: readonly ImapAddress[];
  readonly to: readonly ImapAddress[];
  readonly cc: readonly ImapAddress[];
  readonly bcc: readonly ImapAddress[];
  readonly inReplyTo: string | null;
  readonly messageId: string | null;
}

export interface BodyParameter {
  readonly name: string;
  readonly value: string;
}

export interface BodyDisposition {
  readonly type: string;
  readonly params: readonly BodyParameter[];
}

/** Extension data shared by single and multipart bodies (RFC 9051 body-ext-1part/-mpart). */
export interface BodyExtension {
  readonly disposition?: BodyDisposition | null;
  readonly language?: readonly string[] | null;
  readonly location?: string | null;
  /** body-extension values after location, kept raw. */
  readonly extra?: readonly WireValue[];
}

export interface SinglePartBody extends BodyExtension {
  readonly multipart: false;
  /** Lower-cased media type and subtype, e.g. 'text' / 'plain'. */
  readonly type: string;
  readonly subtype: string;
  readonly params: readonly BodyParameter[];
  readonly id: string | null;
  readonly description: string | null;
  /** Lower-cased content transfer encoding ('7bit', 'base64', …). */
  readonly encoding: string;
  readonly size: number;
  /** text/* and message/rfc822 only (RFC 9051 body-fld-lines). */
  readonly lines?: number;
  /** message/rfc822 (and message/global) only. */
  readonly envelope?: ImapEnvelope;
  readonly body?: BodyStructure;
  readonly md5?: string | null;
}

export interface MultiPartBody extends BodyExtension {
  readonly multipart: true;
  readonly parts: readonly BodyStructure[];
  readonly subtype: string;
  readonly params?: readonly BodyParameter[];
}

export type BodyStructure = SinglePartBody | MultiPartBody;
