/**
 * Content-Transfer-Encoding decoding (RFC 2045 §6): base64 (§6.8), quoted-printable (§6.7),
 * and the identity encodings 7bit / 8bit / binary. One incremental decoder per encoding, so a
 * 25 MB attachment decodes chunk by chunk with bounded memory; decoding a whole part is one
 * `push` and one `end`.
 *
 * Line ends: decoded text comes out in canonical form (RFC 2049 §4: CRLF), whatever the store
 * keeps on disk — a Maildir file with bare LF lines gives the same bytes (and the same size) as
 * the IMAP server's CRLF copy. Base64 and `binary` content is left untouched. Garbage in base64
 * (characters outside the alphabet) is skipped, as §6.8 says decoders must.
 */

export interface TransferDecoder {
  push(chunk: Uint8Array): Uint8Array;
  end(): Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** Base64 alphabet value of each byte, -1 for anything else ('=' included: padding ends data). */
const B64 = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64[c.charCodeAt(0)] = i));

function base64Decoder(): TransferDecoder {
  let acc = 0;
  let bits = 0;
  return {
    push(chunk) {
      const out = new Uint8Array(Math.ceil((chunk.length * 3) / 4) + 1);
      let n = 0;
      for (let i = 0; i < chunk.length; i++) {
        const v = B64[chunk[i] as number] as number;
        if (v < 0) continue;
        acc = ((acc << 6) | v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out[n++] = (acc >> bits) & 0xff;
        }
      }
      return out.subarray(0, n);
    },
    end: () => EMPTY,
  };
}

const hex = (c: number): number =>
  c >= 0x30 && c <= 0x39
    ? c - 0x30
    : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66
      ? (c | 0x20) - 0x57
      : -1;

/**
 * Quoted-printable: `=XX` is an octet, `=` at the end of a line is a soft break (removed),
 * trailing whitespace on a line is dropped (§6.7 rule 3), a hard line end becomes CRLF. A `=`
 * not followed by two hex digits is kept literally (§6.7 note 1, "robust" decoding).
 */
function quotedPrintableDecoder(): TransferDecoder {
  let carry: Uint8Array = EMPTY;
  const decodeLine = (line: Uint8Array, out: number[], hardBreak: boolean): void => {
    let end = line.length;
    while (end > 0 && (line[end - 1] === 0x20 || line[end - 1] === 0x09 || line[end - 1] === 0x0d))
      end--;
    let soft = false;
    for (let i = 0; i < end; i++) {
      const c = line[i] as number;
      if (c !== 0x3d) {
        out.push(c);
        continue;
      }
      if (i === end - 1) {
        soft = true;
        break;
      }
      const hi = hex(line[i + 1] as number);
      const lo = hex(line[i + 2] as number);
      if (hi >= 0 && lo >= 0 && i + 2 < end) {
        out.push(hi * 16 + lo);
        i += 2;
      } else out.push(c);
    }
    if (hardBreak && !soft) out.push(0x0d, 0x0a);
  };
  return {
    push(chunk) {
      const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const out: number[] = [];
      let start = 0;
      for (let lf = data.indexOf(0x0a); lf !== -1; lf = data.indexOf(0x0a, start)) {
        decodeLine(data.subarray(start, lf), out, true);
        start = lf + 1;
      }
      carry = Uint8Array.from(data.subarray(start));
      return Uint8Array.from(out);
    },
    end() {
      const out: number[] = [];
      if (carry.length > 0) decodeLine(carry, out, false);
      carry = EMPTY;
      return Uint8Array.from(out);
    },
  };
}

/** 7bit / 8bit (and unknown encodings): line-oriented (RFC 2045 §2.7, §2.8), bare LF made CRLF. */
function identityDecoder(): TransferDecoder {
  let lastCr = false; // the previous chunk ended with CR
  return {
    push(chunk) {
      const bare: number[] = [];
      for (let lf = chunk.indexOf(0x0a); lf !== -1; lf = chunk.indexOf(0x0a, lf + 1))
        if (lf === 0 ? !lastCr : chunk[lf - 1] !== 0x0d) bare.push(lf);
      if (chunk.length > 0) lastCr = chunk[chunk.length - 1] === 0x0d;
      if (bare.length === 0) return chunk;
      const out = new Uint8Array(chunk.length + bare.length);
      let from = 0;
      let n = 0;
      for (const lf of bare) {
        out.set(chunk.subarray(from, lf), n);
        n += lf - from;
        out[n++] = 0x0d;
        from = lf;
      }
      out.set(chunk.subarray(from), n);
      return out;
    },
    end: () => EMPTY,
  };
}

/** The decoder for a Content-Transfer-Encoding value (case-insensitive; unknown → identity). */
export function transferDecoder(encoding: string | undefined): TransferDecoder {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return base64Decoder();
    case 'quoted-printable':
      return quotedPrintableDecoder();
    case 'binary':
      // RFC 2045 §2.9: not line-oriented; bytes as they are (also what BINARY.PEEK returns)
      return { push: (chunk) => chunk, end: () => EMPTY };
    default:
      return identityDecoder();
  }
}

/** A whole encoded body decoded at once. */
export function decodeTransfer(bytes: Uint8Array, encoding: string | undefined): Uint8Array {
  const d = transferDecoder(encoding);
  const head = d.push(bytes);
  const tail = d.end();
  return tail.length === 0 ? head : Buffer.concat([head, tail]);
}

/** Decode a stream of encoded chunks (bounded memory: one chunk at a time). */
export async function* decodeTransferStream(
  chunks: AsyncIterable<Uint8Array>,
  encoding: string | undefined,
): AsyncGenerator<Uint8Array> {
  const d = transferDecoder(encoding);
  for await (const chunk of chunks) {
    const out = d.push(chunk);
    if (out.length > 0) yield out;
  }
  const tail = d.end();
  if (tail.length > 0) yield tail;
}
