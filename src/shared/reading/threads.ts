/**
 * Threads (docs/reading.md "Threads"). Two levels:
 * - `threadIdFor(envelope)`: the thread id a backend without server threading puts on every
 *   envelope — a hash of the thread's root Message-ID, which RFC 5322 §3.6.4 makes the first
 *   entry of References (else In-Reply-To, else the message's own id). Computed from the
 *   message alone, so a listing of one page costs nothing more, and the same message gets the
 *   same id on every store.
 * - `groupThreads(envelopes)`: the grouping `listThreads` returns where the server does not
 *   thread (local stores; IMAP without THREAD=REFERENCES): messages joined through every id in
 *   Message-ID / In-Reply-To / References (JWZ's id table, RFC 5256 §2.2 steps 1–2), then
 *   threads whose roots are replies merged with the thread of the same base subject (RFC 5256
 *   §2.1 base subject; §2.2 step 5). Threads newest first, each one's envelopes newest first.
 */
import type { Envelope, Thread } from '../types.js';

/** Two 32-bit FNV-1a hashes (different offset bases), base 36: short, stable, no crypto. */
function hashId(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

type ThreadFields = Partial<
  Pick<Envelope, 'references' | 'inReplyTo' | 'messageId' | 'id' | 'mailbox'>
>;

export function threadRoot(e: ThreadFields): string {
  return e.references?.[0] ?? e.inReplyTo ?? e.messageId ?? `${e.mailbox ?? ''}\0${e.id ?? ''}`;
}

/** The computed thread id of an envelope (see the file comment). */
export function threadIdFor(e: ThreadFields): string {
  return `t${hashId(threadRoot(e).toLowerCase())}`;
}

/** RFC 5256 §2.1 base subject (simplified: Re/Fwd/Fw prefixes, [blob]s, (fwd) trailers, spaces). */
export function baseSubject(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim().toLowerCase();
  for (;;) {
    const before = s;
    s = s.replace(/\s*\(fwd\)$/, '').trim();
    s = s.replace(/^(?:\[[^\]]*\]\s*)*(?:re|fwd?|aw|sv|wg)(?:\[\d+\])?\s*:\s*/, '');
    s = s.replace(/^\[fwd:\s*(.*)\]$/, '$1').trim();
    if (s === before) return s;
  }
}

const isReply = (subject: string): boolean =>
  /^(?:\[[^\]]*\]\s*)*(?:re|fwd?|aw|sv|wg)(?:\[\d+\])?\s*:/i.test(subject.trim());

const time = (e: Envelope): number => (e.date ?? e.receivedAt)?.getTime() ?? 0;

/** Group envelopes into threads (see the file comment). */
export function groupThreads(envelopes: readonly Envelope[]): Thread[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r && parent.get(r) !== undefined) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const key = (e: Envelope): string => (e.messageId ?? `${e.mailbox}\0${e.id}`).toLowerCase();
  for (const e of envelopes) {
    const k = key(e);
    union(k, k);
    for (const id of [...(e.references ?? []), ...(e.inReplyTo === undefined ? [] : [e.inReplyTo])])
      union(k, id.toLowerCase());
  }
  const groups = new Map<string, Envelope[]>();
  for (const e of envelopes) {
    const r = find(key(e));
    const list = groups.get(r);
    if (list === undefined) groups.set(r, [e]);
    else list.push(e);
  }
  // §2.2 step 5: a thread whose oldest message is a reply joins the thread of its base subject
  const oldest = (list: Envelope[]): Envelope => list.reduce((a, b) => (time(b) < time(a) ? b : a));
  const bySubject = new Map<string, Envelope[]>();
  const replies: Envelope[][] = [];
  for (const list of groups.values()) {
    const root = oldest(list);
    const subject = baseSubject(root.subject);
    if (isReply(root.subject) || subject === '') replies.push(list);
    else if (bySubject.has(subject)) (bySubject.get(subject) as Envelope[]).push(...list);
    else bySubject.set(subject, list);
  }
  const threads: Envelope[][] = [...bySubject.values()];
  for (const list of replies) {
    const target = bySubject.get(baseSubject(oldest(list).subject));
    if (target !== undefined && baseSubject(oldest(list).subject) !== '') target.push(...list);
    else threads.push(list);
  }
  return newestThreadsFirst(threads.map((list) => toThread(list)));
}

/** Threads by their newest message, newest first (both groupings answer in this order). */
export function newestThreadsFirst(threads: Thread[]): Thread[] {
  return threads.sort(
    (a, b) => time(b.envelopes[0] as Envelope) - time(a.envelopes[0] as Envelope),
  );
}

/** A thread from its envelopes: newest first; the id is the computed id of its oldest member. */
export function toThread(list: Envelope[], id?: string): Thread {
  const envelopes = [...list].sort((a, b) => time(b) - time(a));
  const threadId = id ?? threadIdFor(envelopes[envelopes.length - 1] as Envelope);
  return { id: threadId, envelopes: envelopes.map((e) => ({ ...e, threadId })) };
}
