/**
 * zod schemas for what JMAP servers send (RFC 8620 §2 session, §3.4 response, RFC 8621 objects).
 * Loose objects: servers add properties (Cyrus adds its own), we keep only what we read.
 * Internal — never exported from the public API.
 */
import { z } from 'zod';

export const CORE = 'urn:ietf:params:jmap:core';
export const MAIL = 'urn:ietf:params:jmap:mail';
export const SUBMISSION = 'urn:ietf:params:jmap:submission';

const positive = z.number().int().nonnegative();

/** RFC 8620 §2: the core capability's limits. */
export const coreCapabilitySchema = z.looseObject({
  maxSizeUpload: positive.optional(),
  maxConcurrentUpload: positive.optional(),
  maxSizeRequest: positive.optional(),
  maxCallsInRequest: positive.optional(),
  maxObjectsInGet: positive.optional(),
  maxObjectsInSet: positive.optional(),
});

export const sessionSchema = z.looseObject({
  capabilities: z.record(z.string(), z.unknown()),
  accounts: z.record(
    z.string(),
    z.looseObject({
      name: z.string().optional(),
      accountCapabilities: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  primaryAccounts: z.record(z.string(), z.string()).optional(),
  username: z.string().optional(),
  apiUrl: z.string().min(1),
  downloadUrl: z.string().min(1),
  uploadUrl: z.string().min(1),
  eventSourceUrl: z.string().optional(),
  state: z.string().optional(),
});
export type SessionResource = z.infer<typeof sessionSchema>;

/** RFC 8620 §3.4: [name, arguments, callId]. */
export const invocationSchema = z.tuple([
  z.string(),
  z.record(z.string(), z.unknown()),
  z.string(),
]);

export const responseSchema = z.looseObject({
  methodResponses: z.array(invocationSchema),
  sessionState: z.string().optional(),
});

/** RFC 8620 §3.6.1 request-level problem details (RFC 7807). */
export const problemSchema = z.looseObject({
  type: z.string(),
  status: z.number().optional(),
  detail: z.string().optional(),
});

export const methodErrorSchema = z.looseObject({
  type: z.string(),
  description: z.string().optional(),
});

/** RFC 8620 §5.3 SetError. */
export const setErrorSchema = z.looseObject({
  type: z.string(),
  description: z.string().optional(),
  properties: z.array(z.string()).optional(),
});
export type SetError = z.infer<typeof setErrorSchema>;

const setErrors = z.record(z.string(), setErrorSchema).nullable().optional();

export const setResponseSchema = z.looseObject({
  newState: z.string().nullable().optional(),
  created: z
    .record(z.string(), z.looseObject({ id: z.string() }))
    .nullable()
    .optional(),
  updated: z.record(z.string(), z.unknown()).nullable().optional(),
  destroyed: z.array(z.string()).nullable().optional(),
  notCreated: setErrors,
  notUpdated: setErrors,
  notDestroyed: setErrors,
});
export type SetResponse = z.infer<typeof setResponseSchema>;

/** Items are validated by the caller with their own schema (validating twice costs ~2× on 10k). */
export const getResponseSchema = z.looseObject({
  state: z.string(),
  list: z.array(z.unknown()),
  notFound: z.array(z.string()).nullable().optional(),
});

export const queryResponseSchema = z.looseObject({
  queryState: z.string(),
  ids: z.array(z.string()),
  position: positive.optional(),
  total: positive.optional(),
});

export const changesResponseSchema = z.looseObject({
  oldState: z.string(),
  newState: z.string(),
  hasMoreChanges: z.boolean(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  destroyed: z.array(z.string()),
});

export const queryChangesResponseSchema = z.looseObject({
  oldQueryState: z.string(),
  newQueryState: z.string(),
  total: positive.optional(),
  removed: z.array(z.string()),
  added: z.array(z.looseObject({ id: z.string(), index: positive })),
});

export const mailboxSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable().optional(),
  role: z.string().nullable().optional(),
  totalEmails: positive.optional(),
  unreadEmails: positive.optional(),
});
export type MailboxObject = z.infer<typeof mailboxSchema>;

export const emailAddressSchema = z.looseObject({
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});
const addresses = z.array(emailAddressSchema).nullable().optional();
const strings = z.array(z.string()).nullable().optional();

/** EmailBodyPart (RFC 8621 §4.1.4), only the properties BODY_PROPERTIES asks for. */
interface BodyPartShape {
  type?: string | null | undefined;
  disposition?: string | null | undefined;
  subParts?: BodyPartShape[] | null | undefined;
}
const bodyPartSchema: z.ZodType<BodyPartShape> = z.lazy(() =>
  z.looseObject({
    type: z.string().nullable().optional(),
    disposition: z.string().nullable().optional(),
    subParts: z.array(bodyPartSchema).nullable().optional(),
  }),
);

/** Compiled (zod 4.5+ `z.compile`): the hot path when listing thousands of envelopes. */
export const emailSchema = z.compile(
  z.looseObject({
    id: z.string(),
    blobId: z.string().optional(),
    threadId: z.string().nullable().optional(),
    mailboxIds: z.record(z.string(), z.boolean()).optional(),
    keywords: z.record(z.string(), z.boolean()).optional(),
    size: positive.optional(),
    receivedAt: z.string().nullable().optional(),
    messageId: strings,
    inReplyTo: strings,
    references: strings,
    sender: addresses,
    from: addresses,
    to: addresses,
    cc: addresses,
    bcc: addresses,
    replyTo: addresses,
    subject: z.string().nullable().optional(),
    sentAt: z.string().nullable().optional(),
    hasAttachment: z.boolean().optional(),
    bodyStructure: bodyPartSchema.nullable().optional(),
    preview: z.string().nullable().optional(),
  }),
);
export type EmailObject = z.infer<typeof emailSchema>;

export const uploadResponseSchema = z.looseObject({
  accountId: z.string().optional(),
  blobId: z.string(),
  type: z.string().optional(),
  size: positive.optional(),
});

export const identitySchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  name: z.string().optional(),
});

/** RFC 8620 §7.1 StateChange pushed over the event source. */
export const stateChangeSchema = z.looseObject({
  '@type': z.literal('StateChange'),
  changed: z.record(z.string(), z.record(z.string(), z.string())),
});
