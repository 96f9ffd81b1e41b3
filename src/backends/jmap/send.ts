/**
 * sendMessage over JMAP (RFC 8621 §7): upload → Email/import into Drafts with $draft →
 * EmailSubmission/set with the Identity matching the From address, whose onSuccessUpdateEmail
 * moves the Email to Sent and clears $draft (§7.5). Without an explicit envelope the server
 * derives it from the headers (§7.5 "envelope: null").
 */
import { MailError } from '../../shared/errors.js';
import type { SendResult, SmtpEnvelope } from '../../shared/types.js';
import { uploadBlob } from './blobs.js';
import { prepareMessage } from '../../shared/mime/outgoing.js';
import { validate, type JmapCo } from './http.js';
import { listMailboxes } from './mailboxes.js';
import { pointerToken } from './messages.js';
import { callMethods, type JmapContext } from './request.js';
import { getResponseSchema, identitySchema, setResponseSchema } from './schemas.js';
import { setError, setFailures } from './set-errors.js';

export function* sendRaw(
  ctx: JmapContext,
  original: Uint8Array,
  given: SmtpEnvelope | undefined,
): JmapCo<SendResult> {
  // The same preparation as SMTP (shared/mime/outgoing.ts): CRLF, Bcc and Resent-Bcc stripped
  // (RFC 5322 §3.6.3), the envelope derived from the header. Blind recipients then travel in an
  // explicit envelope, since a server-derived one (from the remaining headers) would miss them.
  const prepared = prepareMessage(original, given === undefined ? {} : { envelope: given });
  const raw = prepared.bytes;
  const recipients = prepared.envelope.to;
  const from = given?.from ?? prepared.from ?? prepared.envelope.from;
  const envelope = given ?? (prepared.blindCopies ? prepared.envelope : undefined);

  const boxes = yield* listMailboxes(ctx, false);
  const drafts = boxes.find((b) => b.role === 'drafts');
  const sent = boxes.find((b) => b.role === 'sent');
  if (drafts === undefined)
    throw new MailError('ERR_NOT_FOUND', 'the JMAP account has no Drafts mailbox');

  const accountId = ctx.session.accountId;
  const ids = yield* callMethods(ctx, [['Identity/get', { accountId }, 'i']]);
  const identities = ids
    .get('i', 'Identity/get', getResponseSchema)
    .list.map((x) => validate(x, identitySchema, 'Identity'));
  const lower = from.toLowerCase();
  // Exact address, then a wildcard identity (`*@domain`, RFC 8621 §6), then one with no address
  // at all (Cyrus's default identity: the server itself decides what From it accepts).
  const identity =
    identities.find((x) => x.email.toLowerCase() === lower) ??
    identities.find(
      (x) => x.email.startsWith('*@') && lower.endsWith(x.email.slice(1).toLowerCase()),
    ) ??
    identities.find((x) => x.email === '');
  if (identity === undefined) {
    throw new MailError('ERR_AUTH', `no JMAP identity may send as ${from}`, {
      details: { identities: identities.map((x) => x.email) },
    });
  }

  const blobId = yield* uploadBlob(ctx, raw);
  const onSuccess: Record<string, unknown> = { 'keywords/$draft': null };
  if (sent !== undefined) {
    onSuccess[`mailboxIds/${pointerToken(drafts.id)}`] = null;
    onSuccess[`mailboxIds/${pointerToken(sent.id)}`] = true;
  }
  const submission: Record<string, unknown> = { identityId: identity.id, emailId: '#draft' };
  if (envelope !== undefined) {
    submission.envelope = {
      mailFrom: { email: envelope.from },
      rcptTo: envelope.to.map((email) => ({ email })),
    };
  }
  const responses = yield* callMethods(ctx, [
    [
      'Email/import',
      {
        accountId,
        emails: {
          draft: {
            blobId,
            mailboxIds: { [drafts.id]: true },
            keywords: { $draft: true, $seen: true },
          },
        },
      },
      'e',
    ],
    [
      'EmailSubmission/set',
      { accountId, create: { send: submission }, onSuccessUpdateEmail: { '#send': onSuccess } },
      's',
    ],
  ]);
  const imported = responses.get('e', 'Email/import', setResponseSchema);
  const emailId = imported.created?.draft?.id;
  if (emailId === undefined) {
    const failures = setFailures(imported, 'create');
    throw setError('Email/import', 'create', failures, Object.keys(failures)[0] ?? 'draft');
  }
  const submitted = responses.get('s', 'EmailSubmission/set', setResponseSchema);
  const failures = setFailures(submitted, 'create');
  if (failures.send !== undefined) {
    const error = setError('EmailSubmission/set', 'create', failures, 'send');
    throw new MailError('ERR_SEND_REJECTED', error.message, { details: error.details });
  }
  const result: SendResult = {
    transport: 'jmap',
    envelope: prepared.envelope,
    accepted: recipients,
    rejected: [],
    raw,
    sentCopy: { mailbox: (sent ?? drafts).id, id: emailId },
  };
  if (prepared.messageId !== undefined) result.messageId = prepared.messageId;
  return result;
}
