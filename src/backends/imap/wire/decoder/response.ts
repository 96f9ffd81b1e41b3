/**
 * response = continue-req / response-data / response-tagged / response-fatal (RFC 9051 §9).
 * Unknown untagged responses are kept raw (never fatal); lower-case keywords are accepted.
 */
import type { ImapResponse, UntaggedData, UntaggedResponse } from '../types.js';
import {
  aclResponse,
  atomList,
  idResponse,
  listrightsResponse,
  metadataResponse,
  myrightsResponse,
  namespaceResponse,
  quotaResponse,
  quotarootResponse,
  vanishedResponse,
} from './extensions.js';
import { msgAtt } from './fetch.js';
import { mailboxList, statusResponse } from './mailbox.js';
import { atomUpper, flagList, number } from './primitives.js';
import type { Reader } from './reader.js';
import { respText, restOfLine, type RespText } from './response-code.js';
import { esearchResponse, searchNumbers, threadResponse } from './search.js';

export function response(r: Reader): ImapResponse {
  const c = r.peek();
  if (c === 0x2b) return continueReq(r);
  if (c === 0x2a) {
    r.pos++;
    r.sp();
    const data = responseData(r);
    r.expectEnd();
    // responseData built a fresh object: tag it rather than copy it (one response per message)
    (data as { kind?: 'untagged' }).kind = 'untagged';
    return data as UntaggedResponse;
  }
  const tag = tagOf(r);
  r.sp();
  const status = atomUpper(r);
  if (status !== 'OK' && status !== 'NO' && status !== 'BAD')
    throw r.fail('expected OK, NO or BAD');
  const t = statusText(r);
  r.expectEnd();
  return { kind: 'tagged', tag, status, ...t };
}

/** continue-req = "+" [SP (resp-text / base64)] CRLF — bare `+` is the Yandex quirk. */
function continueReq(r: Reader): ImapResponse {
  r.pos++;
  if (r.peek() === 0x20) r.pos++;
  let t: RespText;
  if (r.peek() === 0x5b) {
    const start = r.pos;
    try {
      t = respText(r);
    } catch {
      r.pos = start;
      t = { text: restOfLine(r) };
    }
  } else t = { text: restOfLine(r) };
  r.expectEnd();
  return { kind: 'continuation', ...t };
}

/** tag = 1*<any ASTRING-CHAR except "+"> */
function tagOf(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  while (p < b.length && b[p] !== 0x20 && b[p] !== 13 && b[p] !== 10) {
    const ch = b[p]!;
    if (
      ch < 0x21 ||
      ch > 0x7e ||
      ch === 0x2b ||
      ch === 0x28 ||
      ch === 0x29 ||
      ch === 0x7b ||
      ch === 0x22
    ) {
      throw r.fail('invalid tag');
    }
    p++;
  }
  if (p === start) throw r.fail('expected a tag');
  r.pos = p;
  let s = '';
  for (let i = start; i < p; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** SP resp-text, or nothing at all (missingText quirk). */
function statusText(r: Reader): RespText {
  if (r.peek() === 0x20) {
    r.pos++;
    return respText(r);
  }
  if (r.atEol() && r.quirks.missingText) return { text: '' };
  throw r.fail('expected a space');
}

function responseData(r: Reader): UntaggedData {
  const c = r.peek();
  if (c >= 0x30 && c <= 0x39) {
    const n = number(r);
    r.sp();
    if (r.keyword('FETCH')) {
      r.sp();
      return { type: 'fetch', seq: n, attributes: msgAtt(r) };
    }
    const name = atomUpper(r);
    switch (name) {
      case 'EXISTS':
        return { type: 'exists', value: n };
      case 'RECENT':
        return { type: 'recent', value: n };
      case 'EXPUNGE':
        return { type: 'expunge', value: n };
      case 'FETCH':
        r.sp();
        return { type: 'fetch', seq: n, attributes: msgAtt(r) };
    }
    return unknown(r, `${n} ${name}`);
  }
  const name = atomUpper(r);
  switch (name) {
    case 'OK':
    case 'NO':
    case 'BAD':
    case 'PREAUTH':
    case 'BYE':
      return { type: 'status', status: name, ...statusText(r) };
    case 'CAPABILITY':
      return { type: 'capability', capabilities: atomList(r) };
    case 'ENABLED':
      return { type: 'enabled', capabilities: atomList(r) };
    case 'LIST':
    case 'LSUB':
    case 'XLIST':
      r.sp();
      return { type: name === 'LSUB' ? 'lsub' : 'list', list: mailboxList(r) };
    case 'STATUS':
      r.sp();
      return { type: 'mailboxStatus', ...statusResponse(r) };
    case 'FLAGS':
      r.sp();
      return { type: 'flags', flags: flagList(r) };
    case 'SEARCH':
    case 'SORT':
      return { type: name === 'SEARCH' ? 'search' : 'sort', ...searchNumbers(r) };
    case 'ESEARCH':
      return { type: 'esearch', esearch: esearchResponse(r) };
    case 'THREAD':
      return { type: 'thread', threads: threadResponse(r) };
    case 'NAMESPACE':
      return namespaceResponse(r);
    case 'ID':
      return idResponse(r);
    case 'QUOTA':
      return quotaResponse(r);
    case 'QUOTAROOT':
      return quotarootResponse(r);
    case 'ACL':
      return aclResponse(r);
    case 'LISTRIGHTS':
      return listrightsResponse(r);
    case 'MYRIGHTS':
      return myrightsResponse(r);
    case 'METADATA':
      return metadataResponse(r);
    case 'VANISHED':
      return vanishedResponse(r);
  }
  return unknown(r, name);
}

/** Unmodelled response: keep the whole message; skip to its end (literals included). */
function unknown(r: Reader, name: string): UntaggedData {
  const raw = r.buf;
  r.pos = raw.length - (raw[raw.length - 2] === 13 ? 2 : 1);
  return { type: 'unknown', name, raw };
}
