/**
 * Unsolicited server data as typed events (RFC 9051 §7: the server may send untagged data at
 * any time; a client must record it). The session turns each untagged response that changes
 * connection or mailbox state into one of these.
 */
import type { FetchAttributes, NumberRange, ResponseCode } from './wire/types.js';

export type ImapEvent =
  | { readonly type: 'exists'; readonly count: number; readonly previous: number }
  | { readonly type: 'recent'; readonly count: number }
  | { readonly type: 'expunge'; readonly seq: number }
  | { readonly type: 'vanished'; readonly uids: readonly NumberRange[]; readonly earlier: boolean }
  | { readonly type: 'flags'; readonly flags: readonly string[] }
  /** A FETCH nobody asked for (flag changes by another client, RFC 9051 §7.5.2). */
  | { readonly type: 'fetch'; readonly seq: number; readonly attributes: FetchAttributes }
  /** `[ALERT]` text the user must see (RFC 9051 §7.1); `tls` false when it came in cleartext. */
  | { readonly type: 'alert'; readonly text: string; readonly tls: boolean }
  | { readonly type: 'bye'; readonly text: string }
  | { readonly type: 'capability'; readonly capabilities: readonly string[] }
  | {
      readonly type: 'mailboxStatus';
      readonly mailbox: string;
      readonly values: Record<string, unknown>;
    }
  /** Other untagged status lines (`* OK [..]`, `* NO ..`) outside any command's interest. */
  | {
      readonly type: 'status';
      readonly status: 'OK' | 'NO' | 'BAD';
      readonly code?: ResponseCode;
      readonly text: string;
    }
  /** A response the session had to ignore to stay in sync (stray tag, undecodable line). */
  | { readonly type: 'protocolError'; readonly message: string }
  | { readonly type: 'close'; readonly reason?: string };

export type ImapEventListener = (event: ImapEvent) => void;
