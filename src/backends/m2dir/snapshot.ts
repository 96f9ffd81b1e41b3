/**
 * Diff states for local stores are listing snapshots (docs/model.md): opaque strings that record
 * what was there. Envelope state: `m2e1:<mailbox digest>:<id>=<flags digest>,…`; mailbox state:
 * `m2m1:` + URL-safe base64 of a JSON list of [id, total, unread].
 */
import type { Flag } from '../../shared/flags.js';
import { base64UrlDecode, base64UrlEncode } from './base64url.js';
import { fnv1a64 } from './checksum.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const digest = (text: string): string =>
  base64UrlEncode(fnv1a64([encoder.encode(text)]).subarray(0, 6));

export function envelopeState(mailbox: string, flags: Map<string, readonly Flag[]>): string {
  const items = [...flags.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, f]) => `${id}=${digest(f.join('\n'))}`);
  return `m2e1:${digest(mailbox)}:${items.join(',')}`;
}

/** id → flags digest, or undefined when the state is not one of ours for this mailbox. */
export function parseEnvelopeState(
  mailbox: string,
  state: string,
): Map<string, string> | undefined {
  const prefix = `m2e1:${digest(mailbox)}:`;
  if (!state.startsWith(prefix)) return undefined;
  const out = new Map<string, string>();
  for (const item of state.slice(prefix.length).split(',')) {
    if (item === '') continue;
    const eq = item.lastIndexOf('=');
    // ids may end in '=' padding; the digest (8 chars) never does
    if (eq <= 0) return undefined;
    out.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return out;
}

export type MailboxCounts = [id: string, total: number, unread: number];

export function mailboxState(items: readonly MailboxCounts[]): string {
  return `m2m1:${base64UrlEncode(encoder.encode(JSON.stringify(items)))}`;
}

export function parseMailboxState(state: string): MailboxCounts[] | undefined {
  if (!state.startsWith('m2m1:')) return undefined;
  const bytes = base64UrlDecode(state.slice(5));
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (!Array.isArray(value)) return undefined;
    const ok = value.every(
      (v) =>
        Array.isArray(v) &&
        typeof v[0] === 'string' &&
        typeof v[1] === 'number' &&
        typeof v[2] === 'number',
    );
    return ok ? (value as MailboxCounts[]) : undefined;
  } catch {
    return undefined;
  }
}
