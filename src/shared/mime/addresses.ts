/**
 * RFC 5322 §3.4 address lists: mailboxes (`name <addr>`, bare `addr`, `addr (Name)`), groups
 * (`team: a@x, b@y;` — flattened into their members), quoted display names with `\` escapes,
 * comments, and obsolete routes (`<@relay:user@host>`, §4.4). Display names are RFC 2047
 * decoded. Best effort: malformed input yields whatever addresses could be recognised.
 */
import type { Address } from '../types.js';
import { cleanHeaderText, decodeEncodedWords } from './encoded-words.js';

interface Item {
  phrase: string;
  angle: string | undefined;
  comment: string;
}

const emptyItem = (): Item => ({ phrase: '', angle: undefined, comment: '' });

/** Remove the `\` of quoted-pairs (§3.2.1) from a quoted-string or comment body. */
const unescape = (text: string): string =>
  text.includes('\\') ? text.replace(/\\([\s\S])/g, '$1') : text;

/** Read a quoted-string starting at `text[start] === '"'`; returns [content, index after]. */
function readQuoted(text: string, start: number): [string, number] {
  let i = text.indexOf('"', start + 1);
  // A quote preceded by an odd number of backslashes is escaped: keep looking.
  while (i !== -1 && isEscaped(text, start + 1, i)) i = text.indexOf('"', i + 1);
  const end = i === -1 ? text.length : i;
  return [unescape(text.slice(start + 1, end)), end + 1];
}

/** Whether text[at] follows an odd run of backslashes that starts at or after `from`. */
function isEscaped(text: string, from: number, at: number): boolean {
  let backslashes = 0;
  while (at - 1 - backslashes >= from && text.charCodeAt(at - 1 - backslashes) === 0x5c)
    backslashes++;
  return backslashes % 2 === 1;
}

/** Read a (possibly nested) comment starting at `text[start] === '('`. */
function readComment(text: string, start: number): [string, number] {
  const close = text.indexOf(')', start + 1);
  const simple = text.slice(start + 1, close === -1 ? text.length : close);
  if (close !== -1 && !/[()\\]/.test(simple)) return [simple, close + 1];
  let depth = 0;
  let out = '';
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (c === '(') {
      if (depth++ > 0) out += c;
    } else if (c === ')') {
      if (--depth === 0) return [out, i + 1];
      out += c;
    } else out += c;
  }
  return [out, i];
}

function cleanName(raw: string): string {
  const name = /\s\s|[\t\r\n]/.test(raw) ? raw.replace(/\s+/g, ' ') : raw;
  return cleanHeaderText(
    name.includes('=?') ? decodeEncodedWords(name.trim()).trim() : name.trim(),
  );
}

/**
 * Display names and addresses repeat across a mailbox (the same correspondents write again and
 * again): a listing shares one string per distinct value instead of keeping a copy (often a
 * slice pinning its whole header field) per envelope. Bounded: cleared when full.
 */
const INTERN_LIMIT = 8192;
const interned = new Map<string, string>();

function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(value, value);
  return value;
}

function finish(item: Item, out: Address[]): void {
  let email: string;
  let name: string;
  if (item.angle !== undefined) {
    // §4.4 obs-route: drop "@relay,@relay:" before the addr-spec.
    const angle = item.angle.includes(':') ? item.angle.replace(/^(\s*@[^:]*:)/, '') : item.angle;
    email = /\s/.test(angle) ? angle.replace(/\s+/g, '') : angle;
    name = cleanName(item.phrase);
  } else {
    email = item.phrase.replace(/\s+/g, '');
    name = cleanName(item.comment);
  }
  if (email === '' && name === '') return;
  out.push(name === '' ? { email: intern(email) } : { name: intern(name), email: intern(email) });
}

/** Characters that end a run of plain phrase / addr-spec text. */
const SPECIALS = /["(<:,;]/g;

export function parseAddressList(text: string | undefined): Address[] {
  if (text === undefined) return [];
  const out: Address[] = [];
  let item = emptyItem();
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      const [q, next] = readQuoted(text, i);
      item.phrase += q;
      i = next;
    } else if (c === '(') {
      const [comment, next] = readComment(text, i);
      item.comment += (item.comment === '' ? '' : ' ') + comment;
      i = next;
    } else if (c === '<') {
      const close = text.indexOf('>', i);
      item.angle = text.slice(i + 1, close === -1 ? text.length : close);
      i = close === -1 ? text.length : close + 1;
    } else if (c === ':' && item.angle === undefined) {
      item = emptyItem(); // §3.4 group: the display name is not an address
      i++;
    } else if (c === ',' || c === ';') {
      finish(item, out);
      item = emptyItem();
      i++;
    } else {
      SPECIALS.lastIndex = i;
      const next = SPECIALS.exec(text)?.index ?? text.length;
      item.phrase += text.slice(i, next === i ? i + 1 : next);
      i = next === i ? i + 1 : next;
    }
  }
  finish(item, out);
  return exact(out);
}

/**
 * A copy sized to its contents: arrays grown by push keep spare capacity (17 slots after the
 * first push), which listings of 100k envelopes would otherwise retain three or four times each.
 */
const exact = (list: Address[]): Address[] =>
  list.length === 0 ? [] : list.length === 1 ? [list[0] as Address] : list.slice();

/** The addresses of every occurrence of a field (repeated To: lines are merged). */
export function parseAddressFields(values: string | readonly string[] | undefined): Address[] {
  if (typeof values === 'string') return parseAddressList(values);
  if (values === undefined || values.length === 0) return [];
  if (values.length === 1) return parseAddressList(values[0]);
  return exact(values.flatMap((v) => parseAddressList(v)));
}
