/**
 * Charset labels → decoders, for RFC 2047 encoded-words (§3 charset) and legacy 8-bit header
 * bytes. Every label of the WHATWG Encoding standard is accepted (Node's TextDecoder knows
 * them), plus aliases real mailers write that WHATWG lacks. Two gaps in Node 20's TextDecoder
 * are filled here:
 * - `windows-1252` (and every label WHATWG maps to it: `iso-8859-1`, `latin1`, `us-ascii`, …)
 *   decodes 0x80–0x9F as C1 controls (Latin-1) instead of “ ” € … — so `“smart”` lost its quotes;
 * - `iso-8859-16` is not supported at all.
 * Both are table-driven below (the tables are the code charts of windows-1252 and ISO 8859-16).
 */

export interface CharsetDecoder {
  /** The canonical WHATWG name (or ours, for the tables below). */
  readonly encoding: string;
  decode(bytes: Uint8Array): string;
}

/** windows-1252 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined: kept as C1, as WHATWG says). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** ISO 8859-16 (Latin-10) 0xA0–0xFF. */
const LATIN10_HIGH = [
  0xa0, 0x104, 0x105, 0x141, 0x20ac, 0x201e, 0x160, 0xa7, 0x161, 0xa9, 0x218, 0xab, 0x179, 0xad,
  0x17a, 0x17b, 0xb0, 0xb1, 0x10c, 0x142, 0x17d, 0x201d, 0xb6, 0xb7, 0x17e, 0x10d, 0x219, 0xbb,
  0x152, 0x153, 0x178, 0x17c, 0xc0, 0xc1, 0xc2, 0x102, 0xc4, 0x106, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
  0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0x110, 0x143, 0xd2, 0xd3, 0xd4, 0x150, 0xd6, 0x15a, 0x170, 0xd9,
  0xda, 0xdb, 0xdc, 0x118, 0x21a, 0xdf, 0xe0, 0xe1, 0xe2, 0x103, 0xe4, 0x107, 0xe6, 0xe7, 0xe8,
  0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0x111, 0x144, 0xf2, 0xf3, 0xf4, 0x151, 0xf6, 0x15b,
  0x171, 0xf9, 0xfa, 0xfb, 0xfc, 0x119, 0x21b, 0xff,
];

/** A single-byte charset: ASCII below `from`, `table[b - from]` from there on. */
function singleByte(encoding: string, from: number, table: readonly number[]): CharsetDecoder {
  const chars = Array.from({ length: 256 }, (_, b) =>
    String.fromCharCode(b < from ? b : (table[b - from] as number)),
  );
  return {
    encoding,
    decode(bytes) {
      let out = '';
      for (let i = 0; i < bytes.length; i++) out += chars[bytes[i] as number] as string;
      return out;
    },
  };
}

const windows1252 = singleByte('windows-1252', 0x80, [
  ...CP1252_HIGH,
  ...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i),
]);
const iso885916 = singleByte('iso-8859-16', 0xa0, LATIN10_HIGH);

/** Labels mailers write that the WHATWG standard does not list, mapped to one it does. */
const ALIASES: Record<string, string> = {
  'iso-8859-16': 'iso-8859-16',
  iso885916: 'iso-8859-16',
  'iso_8859-16': 'iso-8859-16',
  latin10: 'iso-8859-16',
  l10: 'iso-8859-16',
  'unknown-8bit': 'windows-1252',
  'x-unknown': 'windows-1252',
  cp819: 'windows-1252',
  'cp-1252': 'windows-1252',
  'cp-1251': 'windows-1251',
  'cp-1250': 'windows-1250',
  cp936: 'gbk',
  ms936: 'gbk',
  'windows-936': 'gbk',
  cp949: 'euc-kr',
  ks_c_5601: 'euc-kr',
  cp932: 'shift_jis',
  'x-euc-jp': 'euc-jp',
  'iso-2022-jp-2': 'iso-2022-jp',
  cp950: 'big5',
  big5hkscs: 'big5',
  utf8mb4: 'utf-8',
};

const cache = new Map<string, CharsetDecoder | null>();

function build(label: string): CharsetDecoder | null {
  // RFC 2231 §5: a charset may carry a language suffix (`utf-8*en`).
  const name = (label.split('*')[0] ?? label).trim().toLowerCase();
  const target = ALIASES[name] ?? name;
  if (target === 'iso-8859-16') return iso885916;
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(target);
  } catch {
    return null;
  }
  if (decoder.encoding === 'windows-1252') return windows1252;
  // UTF-16 needs no BOM stripping trouble here: TextDecoder handles it.
  return { encoding: decoder.encoding, decode: (bytes) => decoder.decode(bytes) };
}

/** The decoder for a charset label, or undefined when the label names no known charset. */
export function charsetDecoder(label: string): CharsetDecoder | undefined {
  let decoder = cache.get(label);
  if (decoder === undefined) {
    decoder = build(label);
    if (cache.size < 256) cache.set(label, decoder);
  }
  return decoder ?? undefined;
}

/** bytes in the given charset as text, or undefined for an unknown charset. */
export function decodeCharset(bytes: Uint8Array, label: string): string | undefined {
  return charsetDecoder(label)?.decode(bytes);
}

/** The windows-1252 decoder (what 8-bit header bytes that are not UTF-8 are taken to be). */
export const decodeWindows1252 = (bytes: Uint8Array): string => windows1252.decode(bytes);
