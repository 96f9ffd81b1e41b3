/**
 * The sync state (docs/sync.md "State"): per mailbox pair, both sides' ids, both sides'
 * `diffEnvelopes` states, and one entry per message pair. Observations (what a side did since
 * the last run) are folded into it before anything is planned, so the state is consistent at
 * any moment: whatever is still to do is visible in it, which is what makes a checkpoint taken
 * mid-run, or after a crash, safe to resume from.
 */
import type { Flag } from '../shared/types.js';
import type { Side } from './types.js';

export const STATE_VERSION = 1;

/** One message known on one or both sides of a mailbox pair. */
export interface MessagePair {
  /** Content key (content-key.ts). */
  k: string;
  /** Id on the remote / local side; absent: not (yet) there. */
  r?: string;
  l?: string;
  /** Flags both sides agreed on at the last sync; absent: never synced (no base). */
  f?: Flag[];
  /** Flags observed on a side since, when they differ from `f`. */
  rf?: Flag[];
  lf?: Flag[];
  /** Observed removed on that side; the removal is not yet propagated. */
  rg?: true;
  lg?: true;
  /** A move was made on this side whose new id the store did not tell: adopt it by key. */
  wait?: Side;
  /** When the store received it (ISO), kept for copies. */
  at?: string;
  size?: number;
}

export interface MailboxState {
  /** Canonical name, in the remote side's naming (mailbox-names.ts). */
  name: string;
  remote?: string;
  local?: string;
  remoteDiff?: string;
  localDiff?: string;
  /** Observed removed on that side (not a rename); not yet propagated. */
  remoteGone?: true;
  localGone?: true;
  /** Observed renamed on that side to this canonical name; not yet propagated. */
  remoteRenamed?: string;
  localRenamed?: string;
  messages: MessagePair[];
}

export interface SyncState {
  version: typeof STATE_VERSION;
  mailboxes: MailboxState[];
}

export const emptyState = (): SyncState => ({ version: STATE_VERSION, mailboxes: [] });

export const idOf = (pair: MessagePair, side: Side): string | undefined =>
  side === 'remote' ? pair.r : pair.l;

export function setId(pair: MessagePair, side: Side, id: string | undefined): void {
  if (side === 'remote') {
    if (id === undefined) delete pair.r;
    else pair.r = id;
  } else if (id === undefined) delete pair.l;
  else pair.l = id;
}

export const goneOn = (pair: MessagePair, side: Side): boolean =>
  side === 'remote' ? pair.rg === true : pair.lg === true;

export function setGone(pair: MessagePair, side: Side, gone: boolean): void {
  if (side === 'remote') {
    if (gone) pair.rg = true;
    else delete pair.rg;
  } else if (gone) pair.lg = true;
  else delete pair.lg;
}

/** The flags a side has now: what was observed, else the base. */
export const flagsOn = (pair: MessagePair, side: Side): Flag[] | undefined =>
  (side === 'remote' ? pair.rf : pair.lf) ?? pair.f;

export function observeFlags(pair: MessagePair, side: Side, flags: Flag[]): void {
  const same = pair.f !== undefined && sameFlagSet(pair.f, flags);
  if (side === 'remote') {
    if (same) delete pair.rf;
    else pair.rf = flags;
  } else if (same) delete pair.lf;
  else pair.lf = flags;
}

/** Both sides now hold `flags`: it becomes the base. */
export function settleFlags(pair: MessagePair, flags: Flag[]): void {
  pair.f = flags;
  delete pair.rf;
  delete pair.lf;
}

export const sideId = (box: MailboxState, side: Side): string | undefined =>
  side === 'remote' ? box.remote : box.local;

export function setSideId(box: MailboxState, side: Side, id: string | undefined): void {
  if (side === 'remote') {
    if (id === undefined) delete box.remote;
    else box.remote = id;
  } else if (id === undefined) delete box.local;
  else box.local = id;
}

export const diffStateOf = (box: MailboxState, side: Side): string | undefined =>
  side === 'remote' ? box.remoteDiff : box.localDiff;

export function setDiffState(box: MailboxState, side: Side, state: string | undefined): void {
  if (side === 'remote') {
    if (state === undefined) delete box.remoteDiff;
    else box.remoteDiff = state;
  } else if (state === undefined) delete box.localDiff;
  else box.localDiff = state;
}

export const other = (side: Side): Side => (side === 'remote' ? 'local' : 'remote');

export const SIDES: readonly Side[] = ['remote', 'local'];

/** The mailbox was observed removed on `side` (not renamed); not yet propagated. */
export const boxGone = (box: MailboxState, side: Side): boolean =>
  (side === 'remote' ? box.remoteGone : box.localGone) === true;

export function setBoxGone(box: MailboxState, side: Side, gone: boolean): void {
  if (side === 'remote') {
    if (gone) box.remoteGone = true;
    else delete box.remoteGone;
  } else if (gone) box.localGone = true;
  else delete box.localGone;
}

/** The canonical name the mailbox was observed renamed to on `side`, if any. */
export const renamedOn = (box: MailboxState, side: Side): string | undefined =>
  side === 'remote' ? box.remoteRenamed : box.localRenamed;

export function setRenamedOn(box: MailboxState, side: Side, name: string | undefined): void {
  if (side === 'remote') {
    if (name === undefined) delete box.remoteRenamed;
    else box.remoteRenamed = name;
  } else if (name === undefined) delete box.localRenamed;
  else box.localRenamed = name;
}

/** Flags compare case-insensitively (JMAP keywords are lowercase, IMAP's keep their case). */
export function sameFlagSet(a: readonly Flag[], b: readonly Flag[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map((f) => f.toLowerCase()));
  return b.every((f) => set.has(f.toLowerCase()));
}

export function findMailbox(state: SyncState, name: string): MailboxState | undefined {
  return state.mailboxes.find((box) => box.name === name);
}

/**
 * Pairs of a mailbox by content key, built on first use and kept per `messages` array (a
 * filter makes a new array, hence a new index); `addPair` keeps it current. Lookups by key are
 * what every change does, so a run is O(changes), not O(changes × messages).
 */
const byKeyIndex = new WeakMap<MessagePair[], Map<string, MessagePair[]>>();

export function withKey(box: MailboxState, key: string): readonly MessagePair[] {
  let index = byKeyIndex.get(box.messages);
  if (index === undefined) {
    index = new Map();
    for (const pair of box.messages) {
      const list = index.get(pair.k);
      if (list === undefined) index.set(pair.k, [pair]);
      else list.push(pair);
    }
    byKeyIndex.set(box.messages, index);
  }
  return index.get(key) ?? [];
}

export function addPair(box: MailboxState, pair: MessagePair): void {
  box.messages.push(pair);
  const index = byKeyIndex.get(box.messages);
  if (index === undefined) return;
  const list = index.get(pair.k);
  if (list === undefined) index.set(pair.k, [pair]);
  else list.push(pair);
}
