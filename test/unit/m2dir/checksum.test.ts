import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64UrlDecode, base64UrlEncode } from '../../../src/backends/m2dir/base64url.js';
import {
  checksumBytes,
  checksumLength,
  checksumMatches,
  checksumOf,
  fnv1a64,
} from '../../../src/backends/m2dir/checksum.js';

/** The spec formula, written the slow obvious way with BigInt. */
function referenceFnv(bytes: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

function referenceChecksum(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(12);
  const view = new DataView(out.buffer);
  view.setUint32(0, content.length, true);
  const input = new Uint8Array(4 + content.length);
  input.set(out.subarray(0, 4), 0);
  input.set(content, 4);
  view.setBigUint64(4, referenceFnv(input), true);
  return out;
}

const le64 = (bytes: Uint8Array): bigint =>
  new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);

describe('FNV-1a-64', () => {
  it('matches the published test vectors', () => {
    // FNV reference vectors (Fowler/Noll/Vo): "" → offset basis, "a", "foobar".
    expect(le64(fnv1a64([new Uint8Array(0)]))).toBe(0xcbf29ce484222325n);
    expect(le64(fnv1a64([new TextEncoder().encode('a')]))).toBe(0xaf63dc4c8601ec8cn);
    expect(le64(fnv1a64([new TextEncoder().encode('foobar')]))).toBe(0x85944171f73967e8n);
  });

  it('agrees with the BigInt formula on arbitrary bytes, across chunk splits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, cut) => {
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        const hash = fnv1a64([bytes.subarray(0, at), bytes.subarray(at)]);
        expect(le64(hash)).toBe(referenceFnv(bytes));
      }),
    );
  });
});

describe('entry checksum', () => {
  it('is len u32 LE ‖ FNV-1a-64(len_le ‖ content) u64 LE, URL-safe base64, 16 chars', () => {
    const content = new TextEncoder().encode('Subject: hi\r\n\r\nbody\r\n');
    const bytes = checksumBytes(content);
    expect([...bytes.subarray(0, 4)]).toEqual([content.length, 0, 0, 0]);
    expect(bytes).toEqual(referenceChecksum(content));
    const text = checksumOf(content);
    expect(text).toHaveLength(16);
    expect(text).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(checksumLength(text)).toBe(content.length);
  });

  it('empty content hashes the four zero length bytes', () => {
    const expected = referenceFnv(new Uint8Array(4));
    expect(le64(checksumBytes(new Uint8Array(0)).subarray(4))).toBe(expected);
  });

  it('agrees with the reference for any content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (content) => {
        expect(checksumBytes(content)).toEqual(referenceChecksum(content));
        expect(checksumMatches(checksumOf(content), content)).toBe(true);
      }),
    );
  });

  it('detects a changed byte or a truncation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (content, pos) => {
        const sum = checksumOf(content);
        const changed = content.slice();
        const i = pos % changed.length;
        changed[i] = ((changed[i] as number) + 1) & 0xff;
        expect(checksumMatches(sum, changed)).toBe(false);
        expect(checksumMatches(sum, content.subarray(0, content.length - 1))).toBe(false);
      }),
    );
  });
});

describe('URL-safe base64', () => {
  it('round-trips and uses - and _ with = padding', () => {
    expect(base64UrlEncode(Uint8Array.of(0xfb, 0xff))).toBe('-_8=');
    expect(base64UrlEncode(Uint8Array.of(1, 2, 3, 4))).toBe('AQIDBA==');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base64UrlDecode(base64UrlEncode(bytes))).toEqual(bytes);
      }),
    );
  });

  it('rejects non-canonical text', () => {
    expect(base64UrlDecode('AQ+D')).toBeUndefined();
    expect(base64UrlDecode('abc')).toBeUndefined();
    expect(base64UrlDecode('AR==')).toBeUndefined();
  });
});
