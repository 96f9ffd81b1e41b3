/**
 * Reading on JMAP (docs/reading.md): one Email/get gives the envelope, the header list, the
 * part tree (`bodyStructure`, RFC 8621 §4.1.4) and the decoded text of its text parts
 * (`bodyValues`, fetchAllBodyValues, capped by maxBodyValueBytes); a part's content is its own
 * blob (RFC 8621 §4.1.4 blobId), downloaded alone. The tree is numbered as IMAP sections
 * (shared/mime/part.ts) and split into bodies and attachments by the shared algorithm, so the
 * answer is the same as on every other backend; the server's own textBody/htmlBody are unused.
 */
import { MailError } from '../../shared/errors.js';
import { childPartId, findPart, makePart, type MimePart } from '../../shared/mime/part.js';
import { bodyParts } from '../../shared/reading/body-parts.js';
import { assembleMessage, wantedBodyParts } from '../../shared/reading/message.js';
import type { Envelope, Message, ReadMessageOptions } from '../../shared/types.js';
import { downloadBlob } from './blobs.js';
import { ENVELOPE_PROPERTIES, toEnvelope } from './envelope.js';
import type { JmapCo } from './http.js';
import { resolveMailbox } from './mailboxes.js';
import { callMethods, type JmapContext } from './request.js';
import { emailSchema, type EmailObject } from './schemas.js';
import { z } from 'zod';

const getListSchema = z.looseObject({ list: z.array(z.record(z.string(), z.unknown())) });

const PART_PROPERTIES = [
  'partId',
  'blobId',
  'size',
  'type',
  'charset',
  'disposition',
  'cid',
  'name',
  'subParts',
];

interface JmapPart {
  partId?: string | null;
  blobId?: string | null;
  size?: number;
  type?: string | null;
  charset?: string | null;
  disposition?: string | null;
  cid?: string | null;
  name?: string | null;
  subParts?: JmapPart[] | null;
}

interface BodyValue {
  value: string;
  isTruncated?: boolean;
}

const notFound = (mailbox: string, id: string): MailError =>
  new MailError(
    'ERR_NOT_FOUND',
    `no message ${JSON.stringify(id.slice(0, 40))} in ${JSON.stringify(mailbox)}`,
    {
      backend: 'jmap',
    },
  );

/** The tree with IMAP numbering; `jmapIds` maps our part id → the server's partId and blobId. */
function tree(
  part: JmapPart,
  partId: string,
  jmapIds: Map<string, { partId?: string; blobId?: string }>,
): MimePart {
  const type = (part.type ?? 'text/plain').toLowerCase();
  const params = new Map<string, string>();
  if (part.charset != null) params.set('charset', part.charset);
  if (part.name != null) params.set('name', part.name);
  if (type.startsWith('multipart/') && part.subParts != null) {
    const parts = part.subParts.map((p, i) => tree(p, childPartId(partId, i), jmapIds));
    return makePart({
      partId,
      type,
      params,
      disposition: part.disposition ?? undefined,
      size: 0,
      parts,
    });
  }
  const id = partId === '' ? '1' : partId;
  jmapIds.set(id, {
    ...(part.partId == null ? {} : { partId: part.partId }),
    ...(part.blobId == null ? {} : { blobId: part.blobId }),
  });
  return makePart({
    partId: id,
    type,
    params,
    disposition: part.disposition ?? undefined,
    contentId: part.cid,
    encoding: 'binary',
    size: part.size ?? 0,
  });
}

function* getOne(
  ctx: JmapContext,
  mailbox: string,
  id: string,
  extra: Record<string, unknown>,
  properties: readonly string[],
): JmapCo<{ email: EmailObject; raw: Record<string, unknown>; mailboxId: string }> {
  const box = yield* resolveMailbox(ctx, mailbox);
  const responses = yield* callMethods(ctx, [
    [
      'Email/get',
      {
        accountId: ctx.session.accountId,
        ids: [id],
        properties,
        bodyProperties: PART_PROPERTIES,
        ...extra,
      },
      'g',
    ],
  ]);
  const list = responses.get('g', 'Email/get', getListSchema).list;
  const raw = list[0] as Record<string, unknown> | undefined;
  if (raw === undefined) throw notFound(mailbox, id);
  const email = emailSchema.parse(raw);
  if (email.mailboxIds?.[box.id] !== true) throw notFound(mailbox, id);
  return { email, raw, mailboxId: box.id };
}

export function* getEnvelope(ctx: JmapContext, mailbox: string, id: string): JmapCo<Envelope> {
  const { email, mailboxId } = yield* getOne(ctx, mailbox, id, {}, ENVELOPE_PROPERTIES);
  return toEnvelope(email, mailboxId);
}

export function* readMessage(
  ctx: JmapContext,
  mailbox: string,
  id: string,
  options: ReadMessageOptions,
): JmapCo<Message> {
  const wantBodies = options.bodies !== false;
  const extra = wantBodies
    ? {
        fetchAllBodyValues: true,
        ...(options.maxBodyBytes === undefined
          ? {}
          : { maxBodyValueBytes: Math.max(1, options.maxBodyBytes) }),
      }
    : {};
  const props = [...ENVELOPE_PROPERTIES, 'headers', ...(wantBodies ? ['bodyValues'] : [])];
  const { email, raw, mailboxId } = yield* getOne(ctx, mailbox, id, extra, props);
  const envelope = toEnvelope(email, mailboxId);
  // JMAP's raw header list, re-joined so the one header reader (message.ts) decodes it
  const headers = (raw['headers'] as { name: string; value: string }[] | undefined) ?? [];
  const header = Buffer.from(headers.map((h) => `${h.name}:${h.value}\r\n`).join(''));
  const jmapIds = new Map<string, { partId?: string; blobId?: string }>();
  const structure = tree((raw['bodyStructure'] as JmapPart | undefined) ?? {}, '', jmapIds);
  if (!wantBodies) return assembleMessage({ envelope, header, structure }, options);
  // bodyValues are text already: hand them over as UTF-8 and read them as such
  const values = (raw['bodyValues'] as Record<string, BodyValue> | undefined) ?? {};
  const bodies = new Map<string, Uint8Array>();
  let truncated = false;
  for (const part of wantedBodyParts(bodyParts(structure))) {
    const value = values[jmapIds.get(part.partId)?.partId ?? ''];
    if (value === undefined) continue;
    truncated ||= value.isTruncated === true;
    part.params['charset'] = 'utf-8';
    bodies.set(part.partId, Buffer.from(value.value));
  }
  return assembleMessage({ envelope, header, structure, bodies, truncated }, options);
}

/** The blob id of one leaf part, or ERR_NOT_FOUND. */
export function* partBlobId(
  ctx: JmapContext,
  mailbox: string,
  id: string,
  partId: string,
): JmapCo<string> {
  const { raw } = yield* getOne(ctx, mailbox, id, {}, ['id', 'mailboxIds', 'bodyStructure']);
  const jmapIds = new Map<string, { partId?: string; blobId?: string }>();
  const part = findPart(
    tree((raw['bodyStructure'] as JmapPart | undefined) ?? {}, '', jmapIds),
    partId,
  );
  const blobId = jmapIds.get(partId)?.blobId;
  if (part === undefined || part.parts !== undefined || blobId === undefined)
    throw new MailError(
      'ERR_NOT_FOUND',
      `no part ${JSON.stringify(partId.slice(0, 40))} in message ${JSON.stringify(id.slice(0, 40))}`,
      {
        backend: 'jmap',
      },
    );
  return blobId;
}

export function* getAttachment(
  ctx: JmapContext,
  mailbox: string,
  id: string,
  partId: string,
): JmapCo<Uint8Array> {
  return yield* downloadBlob(ctx, yield* partBlobId(ctx, mailbox, id, partId));
}
