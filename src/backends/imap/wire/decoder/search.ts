/**
 * Search results: mailbox-data SEARCH (RFC 3501 §7.2.5, RFC 7162 §3.1.5 `(MODSEQ n)`), SORT
 * (RFC 5256), ESEARCH (RFC 4731 / RFC 9051 §7.3.4, RFC 9394 PARTIAL), THREAD (RFC 5256 §4).
 */
import type { EsearchData, ThreadNode, WireValue } from '../types.js';
import { astring, atomUpper, number, number64, sequenceSet, wireValue } from './primitives.js';
import type { Reader } from './reader.js';

/** *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"] — after the keyword. */
export function searchNumbers(r: Reader): { ids: number[]; modseq?: bigint } {
  const ids: number[] = [];
  let modseq: bigint | undefined;
  for (;;) {
    if (r.peek() !== 0x20) break;
    if (!r.spThenMore()) break;
    if (r.peek() === 0x28) {
      r.pos++;
      if (!r.keyword('MODSEQ')) throw r.fail('expected MODSEQ');
      r.sp();
      modseq = number64(r);
      r.expect(0x29, "')'");
      continue;
    }
    ids.push(number(r));
  }
  return modseq === undefined ? { ids } : { ids, modseq };
}

/** esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data) */
export function esearchResponse(r: Reader): EsearchData {
  let tag: string | undefined;
  let uid = false;
  const data: Omit<EsearchData, 'tag' | 'uid'> & {
    unknown?: { name: string; value: WireValue }[];
  } = {};
  while (r.peek() === 0x20) {
    if (!r.spThenMore()) break;
    if (r.peek() === 0x28) {
      r.pos++;
      if (!r.keyword('TAG')) throw r.fail('expected TAG');
      r.sp();
      tag = astring(r);
      r.expect(0x29, "')'");
      continue;
    }
    const name = atomUpper(r);
    if (name === 'UID') {
      uid = true;
      continue;
    }
    r.sp();
    switch (name) {
      case 'MIN':
        data.min = number(r);
        break;
      case 'MAX':
        data.max = number(r);
        break;
      case 'COUNT':
        data.count = number(r);
        break;
      case 'ALL':
        data.all = sequenceSet(r);
        break;
      case 'MODSEQ':
        data.modseq = number64(r);
        break;
      case 'PARTIAL': {
        r.expect(0x28, "'('");
        const range = astring(r);
        r.sp();
        const ids = r.nil() ? [] : sequenceSet(r);
        r.expect(0x29, "')'");
        data.partial = { range, ids };
        break;
      }
      default:
        (data.unknown ??= []).push({ name, value: wireValue(r) });
    }
  }
  return { ...(tag === undefined ? {} : { tag }), uid, ...data };
}

/** thread-data = "THREAD" [SP 1*thread-list] — after the keyword. */
export function threadResponse(r: Reader): ThreadNode[] {
  const threads: ThreadNode[] = [];
  if (r.peek() === 0x20) r.sp();
  while (r.peek() === 0x28) {
    threads.push(threadList(r, 0));
    if (r.quirks.extraSpaces) r.skipSpaces();
  }
  return threads;
}

/** thread-list = "(" (thread-members / thread-nested) ")" */
function threadList(r: Reader, depth: number): ThreadNode {
  if (depth > r.maxDepth) throw r.fail('THREAD nested too deeply');
  r.expect(0x28, "'('");
  let root: { id: number | null; children: ThreadNode[] } | undefined;
  let tail: { id: number | null; children: ThreadNode[] } | undefined;
  while (r.peek() !== 0x29) {
    if (r.peek() === 0x20) r.sp();
    if (r.peek() === 0x28) {
      const nested: ThreadNode[] = [];
      while (r.peek() === 0x28) nested.push(threadList(r, depth + 1));
      if (tail === undefined) root = tail = { id: null, children: nested };
      else tail.children.push(...nested);
      continue;
    }
    const node = { id: number(r), children: [] as ThreadNode[] };
    if (tail === undefined) root = node;
    else tail.children.push(node);
    tail = node;
  }
  r.pos++;
  if (root === undefined) throw r.fail('empty thread');
  return root;
}
