/**
 * resp-text = ["[" resp-text-code "]" SP] [text]  (RFC 9051 §7.1, §9; RFC 4315 APPENDUID/COPYUID;
 * RFC 7162 HIGHESTMODSEQ/NOMODSEQ/MODIFIED; RFC 5530 codes; RFC 8474 MAILBOXID).
 * A known code whose arguments do not parse is kept as `unknown` rather than failing the
 * response (Exchange sends `[Error="…"]`, ruby/net-imap#597). Missing text after the code is
 * the Gmail quirk (RFC 7162 errata 5055).
 */
import type { ResponseCode, SimpleCodeName } from '../types.js';
import {
  atom,
  atomUpper,
  flagList,
  number,
  number64,
  nzNumber,
  sequenceSet,
  astring,
} from './primitives.js';
import { type Reader } from './reader.js';

const SIMPLE = new Set<string>([
  'ALERT',
  'PARSE',
  'READ-ONLY',
  'READ-WRITE',
  'TRYCREATE',
  'CLOSED',
  'NOMODSEQ',
  'UIDNOTSTICKY',
  'UNAVAILABLE',
  'AUTHENTICATIONFAILED',
  'AUTHORIZATIONFAILED',
  'EXPIRED',
  'PRIVACYREQUIRED',
  'CONTACTADMIN',
  'NOPERM',
  'INUSE',
  'EXPUNGEISSUED',
  'CORRUPTION',
  'SERVERBUG',
  'CLIENTBUG',
  'CANNOT',
  'LIMIT',
  'OVERQUOTA',
  'ALREADYEXISTS',
  'NONEXISTENT',
  'NOTSAVED',
  'HASCHILDREN',
  'UNKNOWN-CTE',
  'COMPRESSIONACTIVE',
  'USEATTR',
  'TOOBIG',
]);

export interface RespText {
  code?: ResponseCode;
  text: string;
}

/** Parses resp-text up to the end of the line (the CRLF is left for expectEnd). */
export function respText(r: Reader): RespText {
  let code: ResponseCode | undefined;
  if (r.peek() === 0x5b) {
    code = respTextCode(r);
    if (r.peek() === 0x20) r.pos++;
    else if (!(r.atEol() && r.quirks.missingText)) throw r.fail("expected a space after ']'");
  }
  const text = restOfLine(r);
  return code === undefined ? { text } : { code, text };
}

/** text = 1*TEXT-CHAR, up to CRLF (UTF-8 allowed by RFC 9051). */
export function restOfLine(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  while (p < b.length && b[p] !== 13 && b[p] !== 10) p++;
  r.pos = p;
  return r.text(start, p);
}

/** "[" resp-text-code "]" */
export function respTextCode(r: Reader): ResponseCode {
  r.expect(0x5b, "'['");
  const start = r.pos;
  const name = atomUpper(r);
  try {
    const code = knownCode(r, name);
    if (code !== undefined) {
      r.trimBefore(0x5d);
      r.expect(0x5d, "']'");
      return code;
    }
  } catch {
    // fall through: keep it raw
  }
  r.pos = start + name.length;
  return unknownCode(r, name);
}

function knownCode(r: Reader, name: string): ResponseCode | undefined {
  if (SIMPLE.has(name)) return r.peek() === 0x5d ? { type: name as SimpleCodeName } : undefined;
  switch (name) {
    case 'CAPABILITY': {
      const capabilities: string[] = [];
      while (r.peek() === 0x20) {
        r.sp();
        if (r.peek() === 0x5d) break;
        capabilities.push(atom(r));
      }
      return { type: 'CAPABILITY', capabilities };
    }
    case 'PERMANENTFLAGS':
      r.sp();
      return { type: 'PERMANENTFLAGS', flags: flagList(r) };
    case 'BADCHARSET': {
      const charsets: string[] = [];
      if (r.peek() === 0x20) {
        r.sp();
        r.expect(0x28, "'('");
        while (r.peek() !== 0x29) {
          if (charsets.length > 0) r.sp();
          charsets.push(astring(r));
        }
        r.pos++;
      }
      return { type: 'BADCHARSET', charsets };
    }
    case 'UIDVALIDITY':
    case 'UIDNEXT':
    case 'UNSEEN':
    case 'APPENDLIMIT':
      r.sp();
      return { type: name, value: number(r) };
    case 'HIGHESTMODSEQ':
      r.sp();
      return { type: 'HIGHESTMODSEQ', value: number64(r) };
    case 'APPENDUID': {
      r.sp();
      const uidValidity = nzNumber(r);
      r.sp();
      return { type: 'APPENDUID', uidValidity, uids: sequenceSet(r) };
    }
    case 'COPYUID': {
      r.sp();
      const uidValidity = nzNumber(r);
      r.sp();
      const sourceUids = sequenceSet(r);
      r.sp();
      return { type: 'COPYUID', uidValidity, sourceUids, destinationUids: sequenceSet(r) };
    }
    case 'MODIFIED':
      r.sp();
      return { type: 'MODIFIED', set: sequenceSet(r) };
    case 'MAILBOXID': {
      r.sp();
      r.expect(0x28, "'('");
      const id = astring(r);
      r.expect(0x29, "')'");
      return { type: 'MAILBOXID', id };
    }
  }
  return undefined;
}

/** Unknown (or malformed known) code: its text up to the matching `]`, quotes respected. */
function unknownCode(r: Reader, name: string): ResponseCode {
  const b = r.buf;
  let p = r.pos;
  let inQuote = false;
  for (; p < b.length; p++) {
    const c = b[p]!;
    if (c === 13 || c === 10) break;
    if (inQuote) {
      if (c === 0x5c) p++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x5d) break;
  }
  if (b[p] !== 0x5d) throw r.fail("unterminated response code (no ']')");
  let s = r.pos;
  while (b[s] === 0x20) s++;
  const text = s < p ? r.text(s, p) : null;
  r.pos = p + 1;
  return { type: 'unknown', name, text };
}
