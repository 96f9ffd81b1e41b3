/**
 * Modified UTF-7 for mailbox names (RFC 3501 §5.1.3), shared by the IMAP wire codec and the
 * Maildir++ folder names Dovecot writes: printable US-ASCII 0x20–0x7e stands for
 * itself except `&`, which is written `&-`; everything else is UTF-16 in modified base64
 * (`,` instead of `/`, no padding) between `&` and `-`.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeModifiedUtf7(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const ch = name.charCodeAt(i);
    if (ch >= 0x20 && ch <= 0x7e) {
      out += ch === 0x26 ? '&-' : name[i];
      i++;
      continue;
    }
    let j = i;
    while (j < name.length) {
      const c = name.charCodeAt(j);
      if (c >= 0x20 && c <= 0x7e) break;
      j++;
    }
    out += '&' + base64Utf16(name, i, j) + '-';
    i = j;
  }
  return out;
}

function base64Utf16(s: string, from: number, to: number): string {
  let out = '';
  let bits = 0;
  let nbits = 0;
  for (let k = from; k < to; k++) {
    bits = ((bits << 16) | s.charCodeAt(k)) & 0xffffff;
    nbits += 16;
    while (nbits >= 6) {
      nbits -= 6;
      out += ALPHABET[(bits >> nbits) & 0x3f];
    }
  }
  if (nbits > 0) out += ALPHABET[(bits << (6 - nbits)) & 0x3f];
  return out;
}

/**
 * Decodes a modified UTF-7 name. Returns null when the input is not valid modified UTF-7
 * (bad base64, non-zero padding bits, unterminated shift, lone surrogates); callers then keep
 * the raw name (Gmail/Yandex send such names — go-imap#389).
 */
export function decodeModifiedUtf7(raw: string): string | null {
  if (raw.indexOf('&') < 0) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw.charCodeAt(i);
    if (ch !== 0x26) {
      out += raw[i];
      i++;
      continue;
    }
    const end = raw.indexOf('-', i + 1);
    if (end < 0) return null;
    if (end === i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    const decoded = decodeShift(raw, i + 1, end);
    if (decoded === null) return null;
    out += decoded;
    i = end + 1;
  }
  return out;
}

function decodeShift(raw: string, from: number, to: number): string | null {
  let bits = 0;
  let nbits = 0;
  const units: number[] = [];
  for (let k = from; k < to; k++) {
    const c = raw.charCodeAt(k);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) return null;
    bits = ((bits << 6) | v) & 0xffffff;
    nbits += 6;
    if (nbits >= 16) {
      nbits -= 16;
      units.push((bits >> nbits) & 0xffff);
    }
  }
  if (nbits >= 6 || (bits & ((1 << nbits) - 1)) !== 0 || units.length === 0) return null;
  const s = String.fromCharCode(...units);
  // a shifted run must not encode printable ASCII, and surrogates must pair (RFC 3501 §5.1.3)
  for (let k = 0; k < s.length; k++) {
    const u = s.charCodeAt(k);
    if (u >= 0x20 && u <= 0x7e) return null;
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = s.charCodeAt(k + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return null;
      k++;
    } else if (u >= 0xdc00 && u <= 0xdfff) return null;
  }
  return s;
}
