/** URL-safe base64 (RFC 4648 §5) with `=` padding, as m2dir names use it. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += ALPHABET[(n >>> 18) & 63];
    out += ALPHABET[(n >>> 12) & 63];
    out += b1 === undefined ? '=' : ALPHABET[(n >>> 6) & 63];
    out += b2 === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}

/** undefined when the text is not canonical padded URL-safe base64. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const stripped = text.replace(/={1,2}$/, '');
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of stripped) {
    const v = VALUE.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
      acc &= (1 << bits) - 1;
    }
  }
  const bytes = Uint8Array.from(out);
  return base64UrlEncode(bytes) === text ? bytes : undefined;
}
