/**
 * JSON round trip for every shared type (docs/model.md): `Date` ↔ ISO 8601 string (RFC 3339
 * profile, as `Date.prototype.toISOString` writes it), `Uint8Array` ↔ base64 (RFC 4648 §4).
 * `xFromJSON` accepts a parsed value or JSON text, validates it with internal zod schemas and
 * throws MailError ERR_PARSE naming the path of the first bad field. Flags are normalised on
 * the way in (any spelling → the shared vocabulary; keywords verbatim), so the Envelope invariant
 * "normalised, sorted, unique" holds for anything fromJSON returns.
 */
import { z } from 'zod';
import { MailError } from './errors.js';
import { normalizeFlags } from './flags.js';
import { MAILBOX_ROLES } from './types.js';
import type {
  Address,
  Envelope,
  EnvelopeDiff,
  EnvelopePage,
  Mailbox,
  MailboxDiff,
  SendResult,
  WatchEvent,
} from './types.js';

// ---- JSON shapes (public types) ------------------------------------------------------------

export type AddressJSON = Address;
export type MailboxJSON = Mailbox;
export type EnvelopeJSON = Omit<Envelope, 'date' | 'receivedAt'> & {
  date?: string;
  receivedAt?: string;
};
export interface EnvelopePageJSON extends Omit<EnvelopePage, 'envelopes'> {
  envelopes: EnvelopeJSON[];
}
export type MailboxDiffJSON = MailboxDiff;
export interface EnvelopeDiffJSON extends Omit<EnvelopeDiff, 'added'> {
  added: EnvelopeJSON[];
}
export type WatchEventJSON =
  | { type: 'added'; mailbox: string; envelope: EnvelopeJSON }
  | Exclude<WatchEvent, { type: 'added' }>;
export type SendResultJSON = Omit<SendResult, 'raw'> & { /** base64 */ raw: string };

// ---- schemas (internal) --------------------------------------------------------------------

const ISO_DATE = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const count = z.number().int().nonnegative();
const isoDate = z
  .string()
  .regex(ISO_DATE, 'expected an ISO 8601 date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid date')
  .transform((s) => new Date(s));
const flags = z.array(z.string()).transform((f) => normalizeFlags(f));

const addressSchema = z.object({ name: z.string().optional(), email: z.string() });
const addresses = z.array(addressSchema);

const mailboxSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.array(z.string()),
  role: z.enum(MAILBOX_ROLES as [string, ...string[]]).optional(),
  total: count.optional(),
  unread: count.optional(),
});

const envelopeSchema = z.object({
  id: z.string(),
  mailbox: z.string(),
  messageId: z.string().optional(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
  threadId: z.string().optional(),
  flags,
  subject: z.string(),
  from: addresses,
  sender: addresses.optional(),
  replyTo: addresses.optional(),
  to: addresses,
  cc: addresses,
  bcc: addresses,
  date: isoDate.optional(),
  receivedAt: isoDate.optional(),
  size: count,
  hasAttachment: z.boolean().optional(),
  preview: z.string().optional(),
});

const envelopePageSchema = z.object({
  envelopes: z.array(envelopeSchema),
  page: z.number().int().positive(),
  pageSize: count,
  total: count.optional(),
});

const mailboxDiffSchema = z.object({
  created: z.array(mailboxSchema),
  updated: z.array(mailboxSchema),
  removed: z.array(z.string()),
  state: z.string(),
});

const envelopeDiffSchema = z.object({
  added: z.array(envelopeSchema),
  removed: z.array(z.string()),
  flagsChanged: z.array(z.object({ id: z.string(), flags })),
  reset: z.boolean(),
  state: z.string(),
});

const watchEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('added'), mailbox: z.string(), envelope: envelopeSchema }),
  z.object({ type: z.literal('removed'), mailbox: z.string(), id: z.string() }),
  z.object({ type: z.literal('flags-changed'), mailbox: z.string(), id: z.string(), flags }),
  z.object({ type: z.literal('reset'), mailbox: z.string() }),
]);

const sendResultSchema = z.object({
  transport: z.string(),
  messageId: z.string().optional(),
  envelope: z.object({ from: z.string(), to: z.array(z.string()) }),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
  raw: z
    .string()
    .regex(BASE64, 'expected base64')
    .transform((s) => new Uint8Array(Buffer.from(s, 'base64'))),
  sentCopy: z.object({ mailbox: z.string(), id: z.string() }).optional(),
  warnings: z.array(z.string()).optional(),
});

// ---- validation ----------------------------------------------------------------------------

/**
 * Validate `input` (a parsed value or JSON text). zod's output types say `x?: T | undefined`;
 * JSON cannot carry `undefined` and zod omits absent keys, so the output has the exact
 * optional shape of `T` — `stripUndefined` makes that true for hand-built inputs too.
 */
function parseWith<T>(schema: z.ZodType, input: unknown, what: string): T {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new MailError('ERR_PARSE', `${what} JSON is not valid JSON`, { cause: error });
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const [first] = result.error.issues;
    const path = first === undefined ? '' : first.path.map(String).join('.');
    throw new MailError(
      'ERR_PARSE',
      `invalid ${what} JSON at ${path === '' ? '(root)' : path}: ${first?.message ?? 'invalid'}`,
      {
        details: {
          path,
          issues: result.error.issues.map((i) => ({
            path: i.path.map(String).join('.'),
            message: i.message,
          })),
        },
      },
    );
  }
  return stripUndefined(result.data) as T;
}

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
  return out;
}

function iso(date: Date, field: string): string {
  if (Number.isNaN(date.getTime()))
    throw new MailError('ERR_INVALID_ARGUMENT', `${field} is an invalid Date`);
  return date.toISOString();
}

// ---- public functions ----------------------------------------------------------------------

export const addressToJSON = (a: Address): AddressJSON =>
  a.name === undefined ? { email: a.email } : { name: a.name, email: a.email };
export const addressFromJSON = (input: unknown): Address =>
  parseWith(addressSchema, input, 'Address');

export const mailboxToJSON = (m: Mailbox): MailboxJSON =>
  stripUndefined({ ...m, path: [...m.path] }) as MailboxJSON;
export const mailboxFromJSON = (input: unknown): Mailbox =>
  parseWith(mailboxSchema, input, 'Mailbox');

export function envelopeToJSON(e: Envelope): EnvelopeJSON {
  const { date, receivedAt, ...rest } = e;
  return stripUndefined({
    ...rest,
    ...(date === undefined ? {} : { date: iso(date, 'date') }),
    ...(receivedAt === undefined ? {} : { receivedAt: iso(receivedAt, 'receivedAt') }),
  }) as EnvelopeJSON;
}
export const envelopeFromJSON = (input: unknown): Envelope =>
  parseWith(envelopeSchema, input, 'Envelope');

export const envelopePageToJSON = (p: EnvelopePage): EnvelopePageJSON =>
  stripUndefined({ ...p, envelopes: p.envelopes.map(envelopeToJSON) }) as EnvelopePageJSON;
export const envelopePageFromJSON = (input: unknown): EnvelopePage =>
  parseWith(envelopePageSchema, input, 'EnvelopePage');

export const mailboxDiffToJSON = (d: MailboxDiff): MailboxDiffJSON => ({
  created: d.created.map(mailboxToJSON),
  updated: d.updated.map(mailboxToJSON),
  removed: [...d.removed],
  state: d.state,
});
export const mailboxDiffFromJSON = (input: unknown): MailboxDiff =>
  parseWith(mailboxDiffSchema, input, 'MailboxDiff');

export const envelopeDiffToJSON = (d: EnvelopeDiff): EnvelopeDiffJSON => ({
  added: d.added.map(envelopeToJSON),
  removed: [...d.removed],
  flagsChanged: d.flagsChanged.map((c) => ({ id: c.id, flags: [...c.flags] })),
  reset: d.reset,
  state: d.state,
});
export const envelopeDiffFromJSON = (input: unknown): EnvelopeDiff =>
  parseWith(envelopeDiffSchema, input, 'EnvelopeDiff');

export function watchEventToJSON(e: WatchEvent): WatchEventJSON {
  return e.type === 'added' ? { ...e, envelope: envelopeToJSON(e.envelope) } : { ...e };
}
export const watchEventFromJSON = (input: unknown): WatchEvent =>
  parseWith(watchEventSchema, input, 'WatchEvent');

export function sendResultToJSON(r: SendResult): SendResultJSON {
  return stripUndefined({
    ...r,
    raw: Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength).toString('base64'),
  }) as SendResultJSON;
}
export const sendResultFromJSON = (input: unknown): SendResult =>
  parseWith(sendResultSchema, input, 'SendResult');
