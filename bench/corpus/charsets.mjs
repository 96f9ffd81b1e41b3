/* global TextDecoder */
// Encoders for the legacy charsets of real mail, built by inverting the WHATWG decoders
// (TextDecoder, the same tables every peer decodes with), so the corpus needs no encoding
// library and every byte it writes decodes back to the text it meant:
// - single-byte charsets (ISO-8859-x, windows-125x, KOI8-R): decode 0x80–0xFF;
// - GB18030: the two-byte GBK region (lead 0x81–0xFE, trail 0x40–0xFE) — every character the
//   corpus uses is there;
// - ISO-2022-JP (RFC 1468): JIS X 0208 rows 0x21–0x7E after ESC $ B, back to ASCII with ESC ( B.
// `encode(text, charset)` throws on a character the charset cannot carry: the corpus chooses a
// charset per language, and a wrong choice is a bug in the corpus, not a silent '?'.

const tables = new Map();

function singleByte(charset) {
  const dec = new TextDecoder(charset);
  const map = new Map();
  for (let b = 0x80; b <= 0xff; b++) {
    const ch = dec.decode(Uint8Array.of(b));
    if (ch !== '\ufffd' && !map.has(ch)) map.set(ch, [b]);
  }
  return map;
}

function gb18030() {
  const dec = new TextDecoder('gb18030');
  const map = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  return map;
}

function jisX0208() {
  const dec = new TextDecoder('iso-2022-jp');
  const map = new Map();
  for (let row = 0x21; row <= 0x7e; row++)
    for (let cell = 0x21; cell <= 0x7e; cell++) {
      const ch = dec.decode(Uint8Array.of(0x1b, 0x24, 0x42, row, cell, 0x1b, 0x28, 0x42));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [row, cell]);
    }
  return map;
}

function table(charset) {
  let t = tables.get(charset);
  if (t === undefined) {
    t =
      charset === 'gb18030'
        ? gb18030()
        : charset === 'iso-2022-jp'
          ? jisX0208()
          : singleByte(charset);
    tables.set(charset, t);
  }
  return t;
}

/** `text` in `charset` (lower-case label), as bytes. */
export function encode(text, charset) {
  if (charset === 'us-ascii' && !/^[\x00-\x7f]*$/.test(text))
    throw new Error(`corpus: ${JSON.stringify(text)} is not US-ASCII`);
  if (charset === 'utf-8' || charset === 'us-ascii') return Buffer.from(text, 'utf8');
  const t = table(charset);
  const out = [];
  let kanji = false; // ISO-2022-JP: inside ESC $ B
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) {
      if (kanji) {
        out.push(0x1b, 0x28, 0x42);
        kanji = false;
      }
      out.push(code);
      continue;
    }
    const bytes = t.get(ch);
    if (bytes === undefined) throw new Error(`corpus: ${JSON.stringify(ch)} is not in ${charset}`);
    if (charset === 'iso-2022-jp' && !kanji) {
      out.push(0x1b, 0x24, 0x42);
      kanji = true;
    }
    out.push(...bytes);
  }
  if (kanji) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** RFC 2047 §4 encoded word(s) for `text`: B or Q, one word per part so no character is split. */
export function encodedWords(parts, charset, q) {
  return parts
    .map((part) => {
      const bytes = encode(part, charset);
      if (!q) return `=?${charset}?B?${bytes.toString('base64')}?=`;
      let s = '';
      for (const b of bytes)
        s +=
          b === 0x20
            ? '_'
            : (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
              ? String.fromCharCode(b)
              : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      return `=?${charset}?Q?${s}?=`;
    })
    .join(' ');
}

/** RFC 2045 §6.7 quoted-printable of text lines already in `charset`: soft breaks at 76,
 * trailing white space encoded (rule 3). */
export function quotedPrintable(text, charset) {
  const out = [];
  for (const textLine of text.split('\r\n')) {
    const bytes = encode(textLine, charset);
    let line = '';
    bytes.forEach((b, k) => {
      const last = k === bytes.length - 1;
      const piece =
        b >= 33 && b <= 126 && b !== 61
          ? String.fromCharCode(b)
          : (b === 32 || b === 9) && !last
            ? String.fromCharCode(b)
            : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (line.length + piece.length > 75) {
        out.push(line + '=');
        line = '';
      }
      line += piece;
    });
    out.push(line);
  }
  return out.join('\r\n');
}
