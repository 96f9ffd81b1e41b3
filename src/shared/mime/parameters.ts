/**
 * MIME parameters (RFC 2045 §5.1 `; name=value`) with RFC 2231 extensions — continuations
 * (`name*0=`, `name*1=`), charset/language-tagged values (`name*=utf-8'en'%E2%82%AC`) and both
 * together — merged into one decoded value per name. Mailers also put RFC 2047 encoded-words
 * inside quoted values (`name="=?UTF-8?B?...?="`, against RFC 2047 §5 but universal): those are
 * decoded too. Used for Content-Type and Content-Disposition on the local stores and for the
 * parameter lists IMAP BODYSTRUCTURE and JMAP bodyStructure hand over, so a filename reads the
 * same from every backend. Never throws: a broken piece is kept as it came.
 */
import { charsetDecoder } from './charsets.js';
import { cleanHeaderText, decodeEncodedWords } from './encoded-words.js';

/** A parameter as it appears on the wire: name (any case) and value (unquoted). */
export interface RawParameter {
  readonly name: string;
  readonly value: string;
}

/** A structured field value split into its leading token and its raw parameters. */
export interface StructuredValue {
  /** The value before the first `;`, trimmed and lowercased (`text/plain`, `attachment`). */
  value: string;
  params: RawParameter[];
}

const PARAM = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"?|([^;]*))/g;

/** Split `type/subtype; a=1; b="two"` (RFC 2045 §5.1) without decoding the values. */
export function splitStructured(text: string): StructuredValue {
  const semi = text.indexOf(';');
  const value = (semi === -1 ? text : text.slice(0, semi)).trim().toLowerCase();
  const params: RawParameter[] = [];
  if (semi !== -1)
    for (const m of text.slice(semi).matchAll(PARAM)) {
      const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
      params.push({ name: m[1] as string, value: raw });
    }
  return { value, params };
}

/** RFC 2231 §4 `%XX` octets of an extended value as bytes. */
function percentBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = c === 0x25 ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) out.push(c);
    else out.push(...Buffer.from(text[i] as string, 'utf8'));
  }
  return Uint8Array.from(out);
}

interface Piece {
  index: number;
  extended: boolean;
  value: string;
}

/**
 * Merge and decode raw parameters: names lowercased; RFC 2231 §3 continuations joined in index
 * order; §4 extended pieces decoded with the charset named in the first piece (unknown charsets
 * fall back to UTF-8); encoded-words in plain values decoded. The first occurrence of a plain
 * name wins; an RFC 2231 form of the same name wins over the plain one (§4.1: the plain one is
 * there for old readers).
 */
export function decodeParameters(raw: readonly RawParameter[]): Map<string, string> {
  const plain = new Map<string, string>();
  const split = new Map<string, Piece[]>();
  for (const { name, value } of raw) {
    const m = /^(.+?)(?:\*(\d+))?(\*)?$/.exec(name.toLowerCase());
    if (m === null) continue;
    const base = m[1] as string;
    if (m[2] === undefined && m[3] === undefined) {
      if (!plain.has(base)) plain.set(base, value);
      continue;
    }
    const list = split.get(base) ?? [];
    list.push({ index: m[2] === undefined ? 0 : Number(m[2]), extended: m[3] === '*', value });
    split.set(base, list);
  }
  const out = new Map<string, string>();
  for (const [name, value] of plain) out.set(name, cleanHeaderText(decodeEncodedWords(value)));
  for (const [name, pieces] of split) out.set(name, cleanHeaderText(joinPieces(pieces)));
  return out;
}

function joinPieces(pieces: Piece[]): string {
  pieces.sort((a, b) => a.index - b.index);
  let charset = 'utf-8';
  const first = pieces[0];
  if (first?.extended === true) {
    // §4: charset'language'value — only the first piece carries them
    const m = /^([^']*)'[^']*'([\s\S]*)$/.exec(first.value);
    if (m !== null) {
      charset = (m[1] as string) || 'utf-8';
      pieces[0] = { ...first, value: m[2] as string };
    }
  }
  const decoder =
    charsetDecoder(charset) ??
    (charsetDecoder('utf-8') as NonNullable<ReturnType<typeof charsetDecoder>>);
  let text = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) text += decoder.decode(Uint8Array.from(bytes));
    bytes = [];
  };
  // Adjacent extended pieces are decoded together: a multi-byte character may span two.
  for (const p of pieces) {
    if (p.extended) bytes.push(...percentBytes(p.value));
    else {
      flush();
      text += decodeEncodedWords(p.value);
    }
  }
  flush();
  return text;
}

/** The decoded parameters of a structured header value (see decodeParameters). */
export function parseStructured(text: string): { value: string; params: Map<string, string> } {
  const { value, params } = splitStructured(text);
  return { value, params: decodeParameters(params) };
}
