/**
 * RFC 2047 encoded-words (`=?charset?Q|B?text?=`) in unstructured text and display names.
 * Adjacent encoded-words separated only by whitespace are joined (§6.2), and their bytes are
 * concatenated before decoding when they share a charset, so a multi-byte character split across
 * two words decodes correctly. Anything broken (unknown charset, bad base64) is kept raw.
 */

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

interface Piece {
  kind: 'text' | 'word';
  raw: string;
  charset?: string;
  bytes?: Uint8Array;
}

function decodeQ(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '_') out.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

function decodeB(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function decoderFor(charset: string): InstanceType<typeof TextDecoder> | undefined {
  // RFC 2231 §5: the charset may carry a language suffix (`utf-8*en`).
  const name = charset.split('*')[0] ?? charset;
  try {
    return new TextDecoder(name.toLowerCase() === 'us-ascii' ? 'utf-8' : name);
  } catch {
    return undefined;
  }
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
    out += (decoderFor(p.charset) as InstanceType<typeof TextDecoder>).decode(
      Buffer.concat(chunks),
    );
  }
  return out;
}
