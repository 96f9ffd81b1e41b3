/**
 * RFC 5322 §3.4 address lists: mailboxes (`name <addr>`, bare `addr`, `addr (Name)`), groups
 * (`team: a@x, b@y;` — flattened into their members), quoted display names with `\` escapes,
 * comments, and obsolete routes (`<@relay:user@host>`, §4.4). Display names are RFC 2047
 * decoded. Best effort: malformed input yields whatever addresses could be recognised.
 */
import type { Address } from '../types.js';
import { decodeEncodedWords } from './encoded-words.js';

interface Item {
  phrase: string;
  angle: string | undefined;
  comment: string;
}

const emptyItem = (): Item => ({ phrase: '', angle: undefined, comment: '' });

/** Read a quoted-string starting at `text[start] === '"'`; returns [content, index after]. */
function readQuoted(text: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    out += text[i];
    i++;
  }
  return [out, i + 1];
}

/** Read a (possibly nested) comment starting at `text[start] === '('`. */
function readComment(text: string, start: number): [string, number] {
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
  return name.includes('=?') ? decodeEncodedWords(name.trim()).trim() : name.trim();
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
  out.push(name === '' ? { email } : { name, email });
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
  return out;
}

/** The addresses of every occurrence of a field (repeated To: lines are merged). */
export function parseAddressFields(values: readonly string[] | undefined): Address[] {
  return (values ?? []).flatMap((v) => parseAddressList(v));
}
