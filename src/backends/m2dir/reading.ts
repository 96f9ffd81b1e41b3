/**
 * The reading operations of an m2dir (docs/reading.md): one message's envelope, the parsed
 * message and one part's content, from the message file, verified against the checksum in its
 * name (messages.ts readVerified); the MIME work is shared/reading/from-bytes.ts.
 */
import { scanHasAttachment } from '../../shared/mime/attachments.js';
import { findHeaderEnd } from '../../shared/mime/headers.js';
import { attachmentFromBytes, readMessageFromBytes } from '../../shared/reading/from-bytes.js';
import type { Envelope, Message, ReadMessageOptions } from '../../shared/types.js';
import { buildEnvelope, envelopesOf, type SortedEntry } from './envelopes.js';
import { listFolder, messageNotFound, pickEntries } from './folder-listing.js';
import type { FsCo } from './fs-requests.js';
import { stats } from './fs-requests.js';
import { joinPath } from './layout.js';
import { folderRef, readVerified } from './messages.js';

export function* getEnvelope(root: string, ref: string, id: string): FsCo<Envelope> {
  const folder = folderRef(root, ref);
  const listing = yield* listFolder(folder.dir, folder.mailbox);
  const [entry] = pickEntries(listing, folder.mailbox, [id]);
  const item: SortedEntry = { entry: entry!, mtimeMs: undefined, size: undefined };
  const [envelope] = yield* envelopesOf(listing, folder.mailbox, [item]);
  if (envelope === undefined) throw messageNotFound(folder.mailbox, [id]);
  return envelope;
}

function* readWhole(
  root: string,
  ref: string,
  id: string,
): FsCo<{ envelope: Envelope; raw: Uint8Array }> {
  const folder = folderRef(root, ref);
  const listing = yield* listFolder(folder.dir, folder.mailbox);
  const [entry] = pickEntries(listing, folder.mailbox, [id]);
  const [st] = yield* stats([joinPath(folder.dir, entry!.file)]);
  if (st == null) throw messageNotFound(folder.mailbox, [id]);
  const raw = yield* readVerified(folder, entry!);
  const end = findHeaderEnd(raw);
  const item: SortedEntry = { entry: entry!, mtimeMs: st.mtimeMs, size: raw.length, statted: true };
  const flags = listing.flags.get(entry!.id) ?? [];
  const envelope = buildEnvelope(
    folder.mailbox,
    item,
    end === -1 ? raw : raw.subarray(0, end),
    flags,
  );
  envelope.hasAttachment = scanHasAttachment(raw, true) === true;
  return { envelope, raw };
}

export function* readMessage(
  root: string,
  ref: string,
  id: string,
  options: ReadMessageOptions,
): FsCo<Message> {
  const { envelope, raw } = yield* readWhole(root, ref, id);
  return readMessageFromBytes(envelope, raw, options);
}

export function* getAttachment(
  root: string,
  ref: string,
  id: string,
  partId: string,
): FsCo<Uint8Array> {
  const { raw } = yield* readWhole(root, ref, id);
  return attachmentFromBytes(raw, partId, `message ${id} in ${ref}`);
}
