/**
 * Validating constructors for command arguments (RFC 9051 §4, §9 ABNF). The only way to build a
 * CommandValue: each checks its grammar and throws ERR_INVALID_ARGUMENT otherwise, so the
 * encoder never splices unchecked text into a command line.
 */
import { MailError } from '../../../shared/errors.js';
import type { CommandValue, Validated } from './types.js';

type V<K extends CommandValue['kind']> = Extract<CommandValue, { kind: K }>;

/** Applies the Validated brand; only this module calls it, after checking the grammar. */
function brand<T extends CommandValue>(value: Omit<T, keyof Validated>): T {
  return value as unknown as T;
}

function invalid(what: string): MailError {
  return new MailError('ERR_INVALID_ARGUMENT', `invalid IMAP ${what}`, { backend: 'imap' });
}

/** RFC 9051 ATOM-CHAR: any CHAR except atom-specials `(){ SP CTL % * " \ ]`. */
export function isAtomChar(c: number): boolean {
  return (
    c > 0x20 &&
    c < 0x7f &&
    c !== 0x28 && // (
    c !== 0x29 && // )
    c !== 0x7b && // {
    c !== 0x25 && // %
    c !== 0x2a && // *
    c !== 0x22 && // "
    c !== 0x5c && // \
    c !== 0x5d // ]
  );
}

export function isAtom(s: string): boolean {
  if (typeof s !== 'string' || s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isAtomChar(s.charCodeAt(i))) return false;
  return true;
}

export function atom(value: string): V<'atom'> {
  if (!isAtom(value)) throw invalid(`atom ${JSON.stringify(value.slice(0, 40))}`);
  return brand<V<'atom'>>({ kind: 'atom', value });
}

/** astring; `sensitive` values (passwords) are redacted from EncodedCommand.redacted. */
export function astring(value: string, options: { sensitive?: boolean } = {}): V<'astring'> {
  return brand<V<'astring'>>({
    kind: 'astring',
    value: checkText(value),
    sensitive: options.sensitive ?? false,
  });
}

export function string(value: string, options: { sensitive?: boolean } = {}): V<'string'> {
  return brand<V<'string'>>({
    kind: 'string',
    value: checkText(value),
    sensitive: options.sensitive ?? false,
  });
}

export function nstring(value: string | null): V<'nstring'> {
  return brand<V<'nstring'>>({ kind: 'nstring', value: value === null ? null : checkText(value) });
}

/** A literal; `binary` requests literal8 (RFC 3516), required for NUL bytes. */
export function literal(bytes: Uint8Array, options: { binary?: boolean } = {}): V<'literal'> {
  return brand<V<'literal'>>({ kind: 'literal', bytes, binary: options.binary ?? false });
}

/** number (< 2^32) or number64 (< 2^63, RFC 9051) — non-negative integers only. */
export function number(value: number | bigint): V<'number'> {
  if (!isNumber(value)) throw invalid(`number ${String(value)}`);
  return brand<V<'number'>>({ kind: 'number', value });
}

const SEQ_SET =
  /^(?:\$|(?:[1-9]\d*|\*)(?::(?:[1-9]\d*|\*))?(?:,(?:[1-9]\d*|\*)(?::(?:[1-9]\d*|\*))?)*)$/;

/** sequence-set (RFC 9051 §9) with `*`, ranges and RFC 5182 `$`; every number < 2^32. */
export function sequenceSet(
  value: string | number | readonly (number | readonly [number, number])[],
): V<'sequenceSet'> {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = String(value);
  else text = value.map((r) => (typeof r === 'number' ? String(r) : `${r[0]}:${r[1]}`)).join(',');
  if (!isSequenceSet(text)) throw invalid(`sequence set ${JSON.stringify(text.slice(0, 40))}`);
  return brand<V<'sequenceSet'>>({ kind: 'sequenceSet', value: text });
}

export function isSequenceSet(text: string): boolean {
  if (!SEQ_SET.test(text)) return false;
  for (const part of text.split(/[,:]/)) {
    if (part !== '*' && part !== '$' && Number(part) > 0xffffffff) return false;
  }
  return true;
}

/** A mailbox name in UTF-8 (path joined with the server's delimiter by the caller). */
export function mailbox(name: string): V<'mailbox'> {
  checkText(name);
  return brand<V<'mailbox'>>({ kind: 'mailbox', name });
}

/** flag-list: system flags (`\Seen`) or keywords (atoms). */
export function flagList(flags: readonly string[]): V<'flagList'> {
  for (const f of flags) {
    if (!isFlag(f)) throw invalid(`flag ${JSON.stringify(String(f).slice(0, 40))}`);
  }
  return brand<V<'flagList'>>({ kind: 'flagList', flags: [...flags] });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * date (`DD-Mon-YYYY`, SEARCH) in UTC, or date-time (`"DD-Mon-YYYY HH:MM:SS +0000"`, APPEND)
 * with `withTime`.
 */
export function date(value: Date, options: { withTime?: boolean } = {}): V<'date'> {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid('date');
  const y = value.getUTCFullYear();
  if (y < 1 || y > 9999) throw invalid('date year');
  const dd = String(value.getUTCDate()).padStart(2, '0');
  const d = `${dd}-${MONTHS[value.getUTCMonth()]!}-${String(y).padStart(4, '0')}`;
  const withTime = options.withTime ?? false;
  if (!withTime) return brand<V<'date'>>({ kind: 'date', value: d, withTime });
  const t = [value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return brand<V<'date'>>({ kind: 'date', value: `${d} ${t} +0000`, withTime });
}

export function list(items: readonly CommandValue[]): V<'list'> {
  return brand<V<'list'>>({ kind: 'list', items: [...items] });
}

/**
 * A structured protocol token such as a fetch item `BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>`:
 * printable ASCII only, balanced brackets, no quote, backslash, brace, CR, LF or NUL.
 */
export function token(value: string): V<'token'> {
  if (!isToken(value)) throw invalid('token');
  return brand<V<'token'>>({ kind: 'token', value });
}

export function isToken(value: string): boolean {
  let depth = 0;
  if (typeof value !== 'string' || value.length === 0) return false;
  if (value.startsWith(' ') || value.endsWith(' ')) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c || c === 0x7b || c === 0x7d) return false;
    if (c === 0x5b || c === 0x28 || c === 0x3c) depth++;
    if (c === 0x5d || c === 0x29 || c === 0x3e) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** A flag-list member: `\Name` or a keyword, each an atom (RFC 9051 §9 flag). */
export function isFlag(f: string): boolean {
  return typeof f === 'string' && isAtom(f.startsWith('\\') ? f.slice(1) : f);
}

const DATE_TEXT = /^\d{2}-[A-Z][a-z]{2}-\d{4}(?: \d{2}:\d{2}:\d{2} [+-]\d{4})?$/;

/** What date() produces: `DD-Mon-YYYY` (SEARCH) or `DD-Mon-YYYY HH:MM:SS +zzzz` (date-time). */
export function isDateText(value: string, withTime: boolean): boolean {
  return typeof value === 'string' && DATE_TEXT.test(value) && value.includes(':') === withTime;
}

/** number / number64: a non-negative integer below 2^63. */
export function isNumber(value: number | bigint): boolean {
  return typeof value === 'bigint'
    ? value >= 0n && value <= 0x7fffffffffffffffn
    : Number.isSafeInteger(value) && value >= 0;
}

/** Strings must be well-formed UTF-16 (no lone surrogates: they cannot be sent as UTF-8). */
function checkText(value: string): string {
  if (typeof value !== 'string') throw invalid('string');
  for (let i = 0; i < value.length; i++) {
    const u = value.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw invalid('string (lone surrogate)');
      i++;
    } else if (u >= 0xdc00 && u <= 0xdfff) throw invalid('string (lone surrogate)');
  }
  return value;
}
