/**
 * Threads on IMAP (docs/reading.md "Threads"). Gmail (X-GM-EXT-1) threads every message itself
 * and the listing fetches its X-GM-THRID, so its threads are grouped by that id. A server with
 * THREAD=REFERENCES (RFC 5256 §3) groups the mailbox in one `UID THREAD REFERENCES UTF-8 ALL`;
 * mailroom keeps its groups and orders them newest first. Elsewhere the grouping is the one every
 * store without server threading computes (shared/reading/threads.ts). The grouping is asked
 * first and the envelopes listed after it: a message that arrived in between is a thread of its
 * own, one expunged in between is left out.
 */
import type { Envelope, ListThreadsOptions, ThreadPage } from '../../../shared/types.js';
import {
  threadPage,
  threadPageByServerId,
  threadWindow,
} from '../../../shared/reading/defaults.js';
import { groupThreads, newestThreadsFirst, toThread } from '../../../shared/reading/threads.js';
import type { ThreadNode } from '../wire/types.js';
import { atom } from '../wire/values.js';
import { thread } from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { selectMailbox } from './selection.js';

/** How the server groups this mailbox: Gmail ids, UID groups from THREAD, or not at all. */
export type ServerThreads = { kind: 'gmail' } | { kind: 'groups'; uids: number[][] } | undefined;

function uidsOf(node: ThreadNode, out: number[] = []): number[] {
  if (node.id !== null) out.push(node.id);
  for (const child of node.children) uidsOf(child, out);
  return out;
}

export function* serverThreads(
  session: ImapSession,
  mailbox: string,
): ImapCoroutine<ServerThreads> {
  yield* selectMailbox(session, mailbox);
  if (session.hasCapability('X-GM-EXT-1')) return { kind: 'gmail' };
  if (!session.hasCapability('THREAD=REFERENCES')) return undefined;
  const nodes = yield* thread(session, 'REFERENCES', [atom('ALL')], { uid: true });
  return { kind: 'groups', uids: nodes.map((n) => uidsOf(n)) };
}

/** The page of threads from the server's grouping and the mailbox's envelopes. */
export function threadsFromServer(
  grouping: ServerThreads,
  envelopes: readonly Envelope[],
  options: ListThreadsOptions,
): ThreadPage {
  threadWindow(options);
  if (grouping?.kind === 'gmail') return threadPageByServerId(envelopes, options);
  if (grouping === undefined) return threadPage(groupThreads(envelopes), options);
  const byUid = new Map(envelopes.map((e) => [e.id, e]));
  const lists: Envelope[][] = [];
  for (const uids of grouping.uids) {
    const list: Envelope[] = [];
    for (const uid of uids) {
      const e = byUid.get(String(uid));
      if (e === undefined) continue;
      list.push(e);
      byUid.delete(String(uid));
    }
    if (list.length > 0) lists.push(list);
  }
  for (const e of byUid.values()) lists.push([e]);
  return threadPage(newestThreadsFirst(lists.map((list) => toThread(list))), options);
}
