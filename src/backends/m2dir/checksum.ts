/**
 * The m2dir entry checksum (docs/m2dir.md, Store format): 12 bytes, `len:u32 LE ‖
 * FNV-1a-64(len_le ‖ content):u64 LE`, written as URL-safe base64 (16 characters). It names the
 * content, so a reader can detect a file that was changed or truncated after delivery.
 */
import { base64UrlDecode, base64UrlEncode } from './base64url.js';

const FNV_PRIME_LOW = 0x1b3; // FNV-64 prime = 2^40 + 0x1b3

/**
 * FNV-1a 64-bit, fed chunk by chunk, in four 16-bit limbs so that every intermediate stays an
 * exact small integer (BigInt per byte would be ~50× slower on large messages).
 */
class Fnv1a64 {
  // offset basis 0xcbf29ce484222325, lowest limb first
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(chunk: Uint8Array): void {
    let { h0, h1, h2, h3 } = this;
    for (let i = 0; i < chunk.length; i++) {
      h0 ^= chunk[i] as number;
      // h * (2^40 + 0x1b3) mod 2^64: the 2^40 term shifts h0 into limb 2 and h1 into limb 3.
      const t0 = h0 * FNV_PRIME_LOW;
      const t1 = h1 * FNV_PRIME_LOW + (t0 >>> 16);
      const t2 = h2 * FNV_PRIME_LOW + (t1 >>> 16) + (h0 << 8);
      const t3 = h3 * FNV_PRIME_LOW + (t2 >>> 16) + (h1 << 8);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
    Object.assign(this, { h0, h1, h2, h3 });
  }

  digest(): Uint8Array {
    const { h0, h1, h2, h3 } = this;
    return Uint8Array.of(
      h0 & 0xff,
      h0 >>> 8,
      h1 & 0xff,
      h1 >>> 8,
      h2 & 0xff,
      h2 >>> 8,
      h3 & 0xff,
      h3 >>> 8,
    );
  }
}

export function fnv1a64(chunks: readonly Uint8Array[]): Uint8Array {
  const hash = new Fnv1a64();
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest();
}

function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

/** The 12 checksum bytes of a message. Lengths ≥ 4 GiB wrap, as a u32 does. */
export function checksumBytes(content: Uint8Array): Uint8Array {
  const len = u32le(content.length);
  const out = new Uint8Array(12);
  out.set(len, 0);
  out.set(fnv1a64([len, content]), 4);
  return out;
}

export function checksumOf(content: Uint8Array): string {
  return base64UrlEncode(checksumBytes(content));
}

/** The content length recorded in a checksum string, or undefined if it is not one. */
export function checksumLength(checksum: string): number | undefined {
  const bytes = base64UrlDecode(checksum);
  if (bytes?.length !== 12) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset, 12).getUint32(0, true);
}

export function checksumMatches(checksum: string, content: Uint8Array): boolean {
  return checksumOf(content) === checksum;
}

/**
 * Checks content that arrives in chunks (a streamed message) against its entry's checksum:
 * the recorded length seeds the hash, as checksumBytes does with the whole content.
 */
export class ChecksumVerifier {
  private readonly hash = new Fnv1a64();
  private readonly length: number | undefined;
  private seen = 0;

  constructor(private readonly expected: string) {
    this.length = checksumLength(expected);
    if (this.length !== undefined) this.hash.update(u32le(this.length));
  }

  update(chunk: Uint8Array): void {
    this.seen += chunk.length;
    this.hash.update(chunk);
  }

  /** After the last chunk: the content had the recorded length and hash. */
  matches(): boolean {
    if (this.length === undefined || this.seen >>> 0 !== this.length) return false;
    const out = new Uint8Array(12);
    out.set(u32le(this.length), 0);
    out.set(this.hash.digest(), 4);
    return base64UrlEncode(out) === this.expected;
  }
}
