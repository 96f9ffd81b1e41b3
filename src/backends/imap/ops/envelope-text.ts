/**
 * Text fields of an ENVELOPE, decoded for the shared model with caches sized for listings of
 * thousands of messages: the same senders, flag sets and encoded subjects recur, and RFC 2047
 * decoding (regex, base64/Q, TextDecoder) is the costliest step of turning an ENVELOPE into an
 * Envelope. Every cache is bounded and only ever returns what the uncached code would.
 */
import { normalizeFlags } from '../../../shared/flags.js';
import { decodeEncodedWords } from '../../../shared/mime/encoded-words.js';
import type { Flag } from '../../../shared/types.js';

const MAX_ENTRIES = 2048;
const MAX_KEY = 512;

/** Bounded memo: cleared when full (listings reuse a small working set). */
class Memo<V> {
  private map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= MAX_ENTRIES) this.map.clear();
    this.map.set(key, value);
  }
}

const sharedStrings = new Memo<string>();

/**
 * One string per distinct short value (sender addresses and names recur across a listing): the
 * envelopes a caller keeps share them instead of holding one copy each.
 */
export function shared(s: string): string {
  if (s.length > 64) return s;
  const known = sharedStrings.get(s);
  if (known !== undefined) return known;
  sharedStrings.set(s, s);
  return s;
}

const emailsByHost = new Map<string, Map<string, string>>();
let emailCount = 0;

/**
 * `mailbox@host` as one shared string, looked up by its two parts (the decoder's strings)
 * without building the concatenation first.
 */
export function sharedEmail(mailbox: string, host: string): string {
  let byMailbox = emailsByHost.get(host);
  if (byMailbox === undefined) {
    if (emailCount >= MAX_ENTRIES) {
      emailsByHost.clear();
      emailCount = 0;
    }
    byMailbox = new Map();
    emailsByHost.set(host, byMailbox);
  }
  let email = byMailbox.get(mailbox);
  if (email === undefined) {
    email = `${mailbox}@${host}`;
    if (email.length > 64 || emailCount >= MAX_ENTRIES) return email;
    emailCount++;
    byMailbox.set(mailbox, email);
  }
  return email;
}

const decodedWords = new Memo<string>();

/**
 * decodeEncodedWords(text), memoised on the span from the first `=?` to the last `?=`.
 * RFC 2047 §5/§6.2: an encoded-word can neither start before the first `=?` nor end after the
 * last `?=`, and text outside words is kept verbatim, so decoding that span alone and keeping
 * the rest is exactly the decoding of the whole — and the span recurs (names, `Re:` subjects).
 */
export function decodeWordsCached(text: string): string {
  const open = text.indexOf('=?');
  if (open < 0) return text;
  const close = text.lastIndexOf('?=');
  if (close < open + 2 || close - open > MAX_KEY) return decodeEncodedWords(text);
  const span = open === 0 && close === text.length - 2 ? text : text.slice(open, close + 2);
  let decoded = decodedWords.get(span);
  if (decoded === undefined) {
    decoded = decodeEncodedWords(span);
    decodedWords.set(span, decoded);
  }
  if (span === text) return decoded;
  return text.slice(0, open) + decoded + text.slice(close + 2);
}

const flagSets = new Memo<readonly Flag[]>();
const NO_FLAGS: readonly Flag[] = Object.freeze([]);

/** normalizeFlags without \Recent (a session flag, RFC 9051 §2.3.2); a fresh array each call. */
export function imapFlags(raw: readonly string[] | undefined): Flag[] {
  if (raw === undefined || raw.length === 0) return [];
  // one- and two-flag sets are most of a mailbox: memoise them by their text
  const key = raw.length === 1 ? raw[0]! : raw.length === 2 ? `${raw[0]!} ${raw[1]!}` : undefined;
  if (key === undefined) return normalizeImapFlags(raw);
  let flags = flagSets.get(key);
  if (flags === undefined) {
    const normalized = normalizeImapFlags(raw);
    flags = normalized.length === 0 ? NO_FLAGS : normalized;
    flagSets.set(key, flags);
  }
  return flags.slice();
}

function normalizeImapFlags(raw: readonly string[]): Flag[] {
  return normalizeFlags(raw.filter((f) => f.toLowerCase() !== '\\recent'));
}

/** The first `<id>` of a Message-ID / In-Reply-To field: `/<[^<>\s]+>/` without the regex. */
export function firstMessageId(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  let from = text.indexOf('<');
  while (from >= 0) {
    let i = from + 1;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3e || c === 0x3c || isSpace(c)) break;
    }
    if (i < text.length && text.charCodeAt(i) === 0x3e && i > from + 1)
      return text.slice(from, i + 1);
    from = text.indexOf('<', i);
  }
  return undefined;
}

const WHITESPACE = /\s/;
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return WHITESPACE.test(String.fromCharCode(c));
}
