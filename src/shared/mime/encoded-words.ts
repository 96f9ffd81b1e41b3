/**
 * RFC 2047 encoded-words (`=?charset?Q|B?text?=`) in unstructured text and display names.
 * Adjacent encoded-words separated only by whitespace are joined (§6.2), and their bytes are
 * concatenated before decoding when they share a charset, so a multi-byte character split across
 * two words decodes correctly. Anything broken (unknown charset, bad base64) is kept raw.
 */

import { charsetDecoder, type CharsetDecoder } from './charsets.js';

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

interface Piece {
  kind: 'text' | 'word';
  raw: string;
  charset?: string;
  bytes?: Uint8Array;
}

const hexValue = (c: number): number =>
  c >= 0x30 && c <= 0x39
    ? c - 0x30
    : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66
      ? (c | 0x20) - 0x57
      : -1;

/** §4.2 Q encoding: `_` is a space, `=XX` a byte, anything else itself. */
function decodeQ(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hi = c === 0x3d ? hexValue(text.charCodeAt(i + 1)) : -1;
    const lo = hi === -1 ? -1 : hexValue(text.charCodeAt(i + 2));
    if (c === 0x5f) out[n++] = 0x20;
    else if (lo !== -1) {
      out[n++] = hi * 16 + lo;
      i += 2;
    } else out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

function decodeB(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function decoderFor(charset: string): CharsetDecoder | undefined {
  // RFC 2047 §2 "us-ascii" and friends: WHATWG maps them to windows-1252, a superset.
  return charsetDecoder(charset);
}

function split(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(ENCODED_WORD)) {
    const start = m.index;
    if (start > last) pieces.push({ kind: 'text', raw: text.slice(last, start) });
    const [raw, charset = '', enc = '', payload = ''] = m;
    const bytes = enc.toUpperCase() === 'Q' ? decodeQ(payload) : decodeB(payload);
    if (bytes === undefined || decoderFor(charset) === undefined)
      pieces.push({ kind: 'text', raw });
    else pieces.push({ kind: 'word', raw, charset: charset.toLowerCase(), bytes });
    last = start + raw.length;
  }
  if (last < text.length) pieces.push({ kind: 'text', raw: text.slice(last) });
  return pieces;
}

/** Decode every valid encoded-word in `text`; the rest is returned unchanged. */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  const pieces = split(text);
  // §6.2: whitespace between two adjacent encoded-words is not displayed.
  const kept = pieces.filter(
    (p, i) =>
      !(
        p.kind === 'text' &&
        /^\s+$/.test(p.raw) &&
        pieces[i - 1]?.kind === 'word' &&
        pieces[i + 1]?.kind === 'word'
      ),
  );
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i] as Piece;
    if (p.kind === 'text' || p.bytes === undefined || p.charset === undefined) {
      out += p.raw;
      continue;
    }
    const chunks = [p.bytes];
    while (kept[i + 1]?.kind === 'word' && kept[i + 1]?.charset === p.charset) {
      chunks.push((kept[i + 1] as Piece).bytes as Uint8Array);
      i++;
    }
    out += (decoderFor(p.charset) as CharsetDecoder).decode(Buffer.concat(chunks));
  }
  return out;
}

/** C0 controls (CR, LF, NUL, …), DEL and C1 controls: never part of displayed header text. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const CONTROL_RUN = /[\s\x00-\x1f\x7f-\x9f]*[\x00-\x1f\x7f-\x9f][\s\x00-\x1f\x7f-\x9f]*/g;

/**
 * Decoded header text as the model holds it (Envelope subject, display names, attachment
 * names): every run of control characters — with the whitespace around it — becomes one space,
 * and the ends are trimmed. A subject `=?UTF-8?Q?hello=0D=0Aa1_LOGOUT?=` is `hello a1 LOGOUT`
 * on every backend, so no CR/LF/NUL reaches a caller's terminal, log line or protocol command.
 * Text without controls is returned as it is (one regex test on the common path).
 */
export function cleanHeaderText(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL_RUN, ' ').trim() : text;
}

/** RFC 2047-decode unstructured header text and clean it (see cleanHeaderText). */
export function decodeHeaderText(text: string): string {
  return cleanHeaderText(decodeEncodedWords(text));
}
