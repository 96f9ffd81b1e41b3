/**
 * SEARCH / UID SEARCH (RFC 9051 §6.4.4) with ESEARCH RETURN options (RFC 4731), CHARSET and
 * Gmail X-GM-RAW; SORT and THREAD (RFC 5256). Criteria are typed values (built by the caller
 * from the shared search AST in ops/), so user text can never become protocol.
 */
import type { ImapSession } from '../session.js';
import type { CommandValue, EsearchData, ThreadNode } from '../wire/types.js';
import { atom, list, string } from './args.js';
import { expandRanges, MAX_EXPANDED_NUMBERS } from './range-limit.js';
import { execute, type ImapCoroutine } from './run.js';

export type SearchReturn = 'MIN' | 'MAX' | 'ALL' | 'COUNT' | 'SAVE';

export interface SearchOptions {
  uid?: boolean;
  charset?: string;
  /** ESEARCH (RFC 4731): RETURN (...) — the answer is an ESEARCH response. */
  return?: readonly SearchReturn[];
}

export interface SearchResult {
  /** Matching ids (sequence numbers, or UIDs for UID SEARCH) from SEARCH or ESEARCH ALL. */
  ids: number[];
  /** RFC 7162 §3.1.5: highest modseq of the matches when MODSEQ was searched. */
  modseq?: bigint;
  esearch?: EsearchData;
}

/**
 * ESEARCH ALL (RFC 4731 §3.1) as numbers. Matches can never outnumber the messages in the
 * mailbox, so the cap is the selected mailbox's EXISTS (the server announces new messages
 * before it may refer to them, RFC 9051 §7.4.1) or the absolute cap, whichever is tighter.
 */
function expand(session: ImapSession, esearch: EsearchData, label: string): number[] {
  const exists = session.selected?.exists;
  const limit = exists === undefined ? MAX_EXPANDED_NUMBERS : exists;
  return expandRanges(esearch.all ?? [], limit, `${label} ESEARCH ALL`);
}

/** Append without spreading: `push(...ids)` overflows the stack beyond ~10^5 arguments. */
function append(target: number[], ids: readonly number[]): void {
  for (const id of ids) target.push(id);
}

function prefix(name: string, options: { uid?: boolean }): { name: string; lead: CommandValue[] } {
  return options.uid === true ? { name: 'UID', lead: [atom(name)] } : { name, lead: [] };
}

export function* search(
  session: ImapSession,
  criteria: readonly CommandValue[],
  options: SearchOptions = {},
): ImapCoroutine<SearchResult> {
  const { name, lead } = prefix('SEARCH', options);
  const args = [...lead];
  if (options.return !== undefined)
    args.push(atom('RETURN'), list(options.return.map((r) => atom(r))));
  if (options.charset !== undefined) args.push(atom('CHARSET'), atom(options.charset));
  args.push(...criteria);
  const result: SearchResult = { ids: [] };
  const label = options.uid === true ? 'UID SEARCH' : 'SEARCH';
  // A refused expansion is reported once the command completes, so the tagged OK is still
  // consumed and the connection stays in step.
  let refused: unknown;
  yield* execute(session, name, args, {
    label,
    untagged: (r) => {
      if (r.type === 'search') {
        append(result.ids, r.ids);
        if (r.modseq !== undefined) result.modseq = r.modseq;
      } else if (r.type === 'esearch' && refused === undefined) {
        result.esearch = r.esearch;
        try {
          result.ids = expand(session, r.esearch, label);
        } catch (error) {
          refused = error;
        }
        if (r.esearch.modseq !== undefined) result.modseq = r.esearch.modseq;
      }
      return undefined;
    },
  });
  if (refused !== undefined) throw refused;
  return result;
}

/** Gmail X-GM-RAW (X-GM-EXT-1): Gmail's own search syntax as one string argument. */
export function* gmailRawSearch(
  session: ImapSession,
  query: string,
  uid = true,
): ImapCoroutine<SearchResult> {
  return yield* search(session, [atom('X-GM-RAW'), string(query)], { uid });
}

export type SortKey =
  'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';

export interface SortCriterion {
  key: SortKey;
  reverse?: boolean;
}

export function* sort(
  session: ImapSession,
  keys: readonly SortCriterion[],
  criteria: readonly CommandValue[],
  options: { uid?: boolean; charset?: string } = {},
): ImapCoroutine<number[]> {
  const { name, lead } = prefix('SORT', options);
  const program = keys.flatMap((k) =>
    k.reverse === true ? [atom('REVERSE'), atom(k.key)] : [atom(k.key)],
  );
  const ids: number[] = [];
  yield* execute(
    session,
    name,
    [...lead, list(program), atom(options.charset ?? 'UTF-8'), ...criteria],
    {
      label: options.uid === true ? 'UID SORT' : 'SORT',
      untagged: (r) => {
        if (r.type === 'sort') append(ids, r.ids);
        return undefined;
      },
    },
  );
  return ids;
}

export function* thread(
  session: ImapSession,
  algorithm: 'REFERENCES' | 'ORDEREDSUBJECT' | 'REFS',
  criteria: readonly CommandValue[],
  options: { uid?: boolean; charset?: string } = {},
): ImapCoroutine<ThreadNode[]> {
  const { name, lead } = prefix('THREAD', options);
  const threads: ThreadNode[] = [];
  yield* execute(
    session,
    name,
    [...lead, atom(algorithm), atom(options.charset ?? 'UTF-8'), ...criteria],
    {
      label: options.uid === true ? 'UID THREAD' : 'THREAD',
      untagged: (r) => {
        if (r.type === 'thread') for (const t of r.threads) threads.push(t);
        return undefined;
      },
    },
  );
  return threads;
}
