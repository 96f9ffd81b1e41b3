/**
 * diffEnvelopes / diffMailboxes against a snapshot state (snapshot.ts). Buckets never overlap;
 * an unusable or absent state is a reset with the full listing in `added`.
 */
import type { Envelope, EnvelopeDiff, Mailbox, MailboxDiff } from '../../shared/types.js';
import { sortedEntries, envelopesOf } from './envelopes.js';
import { listFolder } from './folder-listing.js';
import type { EntryName } from './entry-name.js';
import type { FsCo } from './fs-requests.js';
import { listMailboxes } from './mailboxes.js';
import { folderRef } from './messages.js';
import {
  digest,
  envelopeState,
  mailboxState,
  parseEnvelopeState,
  parseMailboxState,
} from './snapshot.js';

export function* diffEnvelopes(
  root: string,
  ref: string,
  state: string | undefined,
): FsCo<EnvelopeDiff> {
  const folder = folderRef(root, ref);
  const listing = yield* listFolder(folder.dir, folder.mailbox);
  const flagsById = new Map(
    [...listing.entries.keys()].map((id) => [id, listing.flags.get(id) ?? []]),
  );
  const newState = envelopeState(folder.mailbox, flagsById);
  const old = state === undefined ? undefined : parseEnvelopeState(folder.mailbox, state);
  const addedEntries: EntryName[] = [];
  const flagsChanged: EnvelopeDiff['flagsChanged'] = [];
  for (const [id, entry] of listing.entries) {
    const before = old?.get(id);
    const flags = flagsById.get(id) ?? [];
    if (before === undefined) addedEntries.push(entry);
    else if (before !== digest(flags.join('\n'))) flagsChanged.push({ id, flags: [...flags] });
  }
  const removed = old === undefined ? [] : [...old.keys()].filter((id) => !listing.entries.has(id));
  const sorted = yield* sortedEntries(listing, addedEntries);
  const added: Envelope[] = yield* envelopesOf(listing, folder.mailbox, sorted);
  return { added, removed, flagsChanged, reset: old === undefined, state: newState };
}

export function* diffMailboxes(root: string, state: string | undefined): FsCo<MailboxDiff> {
  const mailboxes = yield* listMailboxes(root, true);
  const newState = mailboxState(mailboxes.map((m) => [m.id, m.total ?? 0, m.unread ?? 0]));
  const old = state === undefined ? undefined : parseMailboxState(state);
  const before = new Map((old ?? []).map(([id, total, unread]) => [id, `${total}/${unread}`]));
  const created: Mailbox[] = [];
  const updated: Mailbox[] = [];
  for (const m of mailboxes) {
    const was = before.get(m.id);
    if (was === undefined) created.push(m);
    else if (was !== `${m.total ?? 0}/${m.unread ?? 0}`) updated.push(m);
  }
  const now = new Set(mailboxes.map((m) => m.id));
  const removed = [...before.keys()].filter((id) => !now.has(id));
  return { created, updated, removed, state: newState };
}
