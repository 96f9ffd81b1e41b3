/**
 * body / BODYSTRUCTURE (RFC 9051 §7.5.2, §9 `body`, `body-type-1part`, `body-type-mpart`,
 * `body-fields`, `body-ext-1part`, `body-ext-mpart`), recursive with a depth cap (imap-codec
 * caps recursion too). Tolerated: NIL where a string is required (Exchange; MailKit #919), `-1`
 * sizes (go-imap#534), `()` parameter lists (go-imap#557), `("boundary" NIL)` (vmime#159),
 * missing SP between parts.
 */
import type {
  BodyExtension,
  BodyDisposition,
  BodyParameter,
  BodyStructure,
  MultiPartBody,
  SinglePartBody,
  WireValue,
} from '../types.js';
import { envelope } from './envelope.js';
import { nstring, number, string, wireValue } from './primitives.js';
import type { Reader } from './reader.js';

export function bodystructure(r: Reader, depth = 0): BodyStructure {
  if (depth > r.maxDepth) throw r.fail('body structure nested too deeply');
  r.expect(0x28, "'(' starting a body");
  const body = r.peek() === 0x28 ? multipart(r, depth) : singlePart(r, depth);
  r.trimBefore(0x29);
  r.expect(0x29, "')' ending a body");
  return body;
}

function multipart(r: Reader, depth: number): MultiPartBody {
  const parts: BodyStructure[] = [];
  while (r.peek() === 0x28) {
    parts.push(bodystructure(r, depth + 1));
    if (r.quirks.extraSpaces && nextIs(r, 0x28)) r.skipSpaces();
  }
  r.sp();
  const body: Mutable<MultiPartBody> = {
    multipart: true,
    parts,
    subtype: lowerString(r),
  };
  if (!more(r)) return body;
  body.params = bodyFldParam(r);
  extensions(r, depth, body);
  return body;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function singlePart(r: Reader, depth: number): SinglePartBody {
  const type = lowerString(r);
  r.sp();
  const subtype = lowerString(r);
  r.sp();
  const params = bodyFldParam(r);
  r.sp();
  const id = nstring(r);
  r.sp();
  const description = nstring(r);
  r.sp();
  const encoding = lowerString(r);
  r.sp();
  const size = number(r);
  const body: Mutable<SinglePartBody> = {
    multipart: false,
    type,
    subtype,
    params,
    id,
    description,
    encoding,
    size,
  };
  if (type === 'message' && (subtype === 'rfc822' || subtype === 'global') && nextIs(r, 0x28)) {
    r.sp();
    body.envelope = envelope(r);
    r.sp();
    body.body = bodystructure(r, depth + 1);
    r.sp();
    body.lines = number(r);
  } else if (type === 'text' && nextIsNumber(r)) {
    r.sp();
    body.lines = number(r);
  }
  if (!more(r)) return body;
  body.md5 = nstring(r);
  extensions(r, depth, body);
  return body;
}

/** [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]] */
function extensions(r: Reader, depth: number, body: Mutable<BodyExtension>): void {
  if (!more(r)) return;
  body.disposition = bodyFldDsp(r);
  if (!more(r)) return;
  body.language = bodyFldLang(r);
  if (!more(r)) return;
  body.location = nstring(r);
  if (r.peek() !== 0x20) return;
  const extra: WireValue[] = [];
  while (more(r)) extra.push(wireValue(r, depth + 1));
  if (extra.length > 0) body.extra = extra;
}

/** Consumes SP when another field follows before `)`. */
function more(r: Reader): boolean {
  if (r.peek() !== 0x20) return false;
  let p = r.pos;
  while (r.buf[p] === 0x20) p++;
  if (r.buf[p] === 0x29) {
    if (!r.quirks.extraSpaces) throw r.fail('unexpected space');
    r.pos = p;
    return false;
  }
  r.sp();
  return true;
}

function nextIs(r: Reader, byte: number): boolean {
  let p = r.pos;
  while (r.buf[p] === 0x20) p++;
  return p > r.pos && r.buf[p] === byte;
}

function nextIsNumber(r: Reader): boolean {
  let p = r.pos;
  while (r.buf[p] === 0x20) p++;
  const c = r.buf[p]!;
  return p > r.pos && ((c >= 0x30 && c <= 0x39) || c === 0x2d);
}

/** body-fld-param = "(" string SP string *(SP string SP string) ")" / NIL */
function bodyFldParam(r: Reader): BodyParameter[] {
  if (r.peek() !== 0x28) {
    if (r.nil()) return [];
    throw r.fail('expected body parameters');
  }
  r.pos++;
  r.trimBefore(0x29);
  // exact-size arrays for the usual one or two parameters (a grown array reserves 17 slots)
  const p0 = nextParam(r, true);
  if (p0 === undefined) return closeParams(r, []);
  const p1 = nextParam(r, false);
  if (p1 === undefined) return closeParams(r, [p0]);
  const params = [p0, p1];
  for (let p = nextParam(r, false); p !== undefined; p = nextParam(r, false)) params.push(p);
  return closeParams(r, params);
}

function nextParam(r: Reader, first: boolean): BodyParameter | undefined {
  if (r.peek() === 0x29) return undefined;
  if (!first) r.sp();
  const name = lowerString(r);
  r.sp();
  const value = requiredString(r);
  r.trimBefore(0x29);
  return { name, value };
}

function closeParams(r: Reader, params: BodyParameter[]): BodyParameter[] {
  r.pos++;
  return params;
}

/** body-fld-dsp = "(" string SP body-fld-param ")" / NIL */
function bodyFldDsp(r: Reader): BodyDisposition | null {
  if (r.peek() !== 0x28) {
    if (r.nil()) return null;
    if (r.quirks.nilAnywhere) {
      wireValue(r); // a bare string (seen from some servers): no structure to keep
      return null;
    }
    throw r.fail('expected a body disposition');
  }
  r.pos++;
  const type = lowerString(r);
  let params: BodyParameter[] = [];
  if (more(r)) params = bodyFldParam(r);
  r.expect(0x29, "')' ending a disposition");
  return { type, params };
}

/** body-fld-lang = nstring / "(" string *(SP string) ")" */
function bodyFldLang(r: Reader): string[] | null {
  if (r.peek() !== 0x28) {
    const s = nstring(r);
    return s === null ? null : [s];
  }
  r.pos++;
  const langs: string[] = [];
  r.trimBefore(0x29);
  while (r.peek() !== 0x29) {
    if (langs.length > 0) r.sp();
    langs.push(requiredString(r));
    r.trimBefore(0x29);
  }
  r.pos++;
  return langs;
}

/** A string where the grammar forbids NIL; the nilAnywhere quirk reads NIL as ''. */
function requiredString(r: Reader): string {
  const c = r.peek();
  if (c === 0x22 || r.atLiteral()) return string(r);
  if (r.quirks.nilAnywhere) {
    const s = nstring(r);
    return s ?? '';
  }
  throw r.fail('expected a string');
}

/** Common MIME tokens, lower-case: returned as shared constants instead of new strings. */
const COMMON_BY_LENGTH: string[][] = [];
for (const t of [
  'text',
  'plain',
  'html',
  'image',
  'application',
  'message',
  'rfc822',
  'multipart',
  'mixed',
  'alternative',
  'related',
  'signed',
  'report',
  'octet-stream',
  'pdf',
  'png',
  'jpeg',
  'gif',
  'zip',
  'calendar',
  'delivery-status',
  'charset',
  'name',
  'boundary',
  'filename',
  'format',
  'attachment',
  'inline',
  'base64',
  'quoted-printable',
  '7bit',
  '8bit',
  'binary',
  'utf-8',
  'us-ascii',
  'iso-8859-1',
  'windows-1252',
  'size',
  'creation-date',
  'modification-date',
])
  (COMMON_BY_LENGTH[t.length] ??= []).push(t);

/** A required string, lower-cased (media types, encodings, parameter and disposition names). */
function lowerString(r: Reader): string {
  const b = r.buf;
  if (b[r.pos] === 0x22) {
    const s = r.pos + 1;
    let e = s;
    while (e < b.length && b[e] !== 0x22 && b[e] !== 0x5c && b[e] !== 13 && b[e] !== 10) e++;
    const candidates = b[e] === 0x22 ? COMMON_BY_LENGTH[e - s] : undefined;
    if (candidates !== undefined) {
      next: for (const t of candidates) {
        for (let i = 0; i < t.length; i++) {
          const k = t.charCodeAt(i);
          const c = b[s + i]!;
          if (c !== k && !(k >= 0x61 && k <= 0x7a && (c | 0x20) === k)) continue next;
        }
        r.pos = e + 1;
        return t;
      }
    }
  }
  return lower(requiredString(r));
}

function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return s.toLowerCase();
  }
  return s;
}
