/**
 * Local evaluation of a Filter over an Envelope (what Maildir/m2dir searches and client-side
 * post-filters use), with exact boolean semantics — `not date X` and `date X or from Y` mean
 * exactly that (io-email's JMAP post-filter ignored the tree).
 *
 * Days: Envelope.date is an instant; the header's own offset is gone by then. A date condition
 * therefore compares the instant's calendar day in UTC, or at `timezoneOffsetMinutes` east of UTC
 * when the caller gives one (e.g. the user's zone). A missing or invalid date matches no date
 * condition, so `not date X` is true for it.
 *
 * Evaluation is three-valued: without body/header text, a condition that needs them is unknown
 * (Kleene logic), so `matchesEnvelopeOnly` can decide most messages without reading them and
 * `matchesFilter` asks the provider only when the answer depends on the content.
 */
import type { Condition, Filter } from './ast.js';
import { dayOfInstant } from './dates.js';
import { parseHeaderBlock, type HeaderField } from './headers.js';
import { MailError } from '../errors.js';
import { sameFlag } from '../flags.js';
import type { Address, Envelope } from '../types.js';

export interface ContentProvider {
  /** The raw header block of the message (RFC 5322 §2.2), decoded or not. */
  headers?(envelope: Envelope): string | Promise<string>;
  /** The decoded text of the message's body (text parts; HTML as text). */
  bodyText?(envelope: Envelope): string | Promise<string>;
}

export interface MatchContext extends ContentProvider {
  /** Offset east of UTC, in minutes, at which the Date: instant's calendar day is taken. */
  timezoneOffsetMinutes?: number;
}

interface Content {
  headers?: HeaderField[];
  headerText?: string;
  body?: string;
}

type Tri = boolean | undefined;

function includesFolded(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

function addressMatches(addresses: readonly Address[], value: string): boolean {
  return addresses.some(
    (a) =>
      includesFolded(a.email, value) || (a.name !== undefined && includesFolded(a.name, value)),
  );
}

function dateMatches(
  c: Extract<Condition, { type: 'date' }>,
  e: Envelope,
  offset: number,
): boolean {
  const day = e.date === undefined ? undefined : dayOfInstant(e.date, offset);
  if (day === undefined) return false;
  switch (c.op) {
    case 'on':
      return day === c.day;
    case 'before':
      return day < c.day;
    case 'after':
      return day > c.day;
    case 'since':
      return day >= c.day;
  }
}

function conditionMatches(c: Condition, e: Envelope, content: Content, offset: number): Tri {
  switch (c.type) {
    case 'date':
      return dateMatches(c, e, offset);
    case 'address':
      return addressMatches(e[c.field] ?? [], c.value);
    case 'subject':
      return includesFolded(e.subject ?? '', c.value);
    case 'body':
      return content.body === undefined ? undefined : includesFolded(content.body, c.value);
    case 'text': {
      const inHeaders =
        content.headerText === undefined ? undefined : includesFolded(content.headerText, c.value);
      const inBody = content.body === undefined ? undefined : includesFolded(content.body, c.value);
      return or([inHeaders, inBody]);
    }
    case 'header': {
      if (content.headers === undefined) return undefined;
      const name = c.name.toLowerCase();
      return content.headers.some(
        (h) => h.name.toLowerCase() === name && includesFolded(h.value, c.value),
      );
    }
    case 'flag':
      return e.flags.some((f) => sameFlag(f, c.flag));
    case 'size':
      return c.op === 'larger' ? e.size > c.bytes : e.size < c.bytes;
    case 'hasAttachment':
      return e.hasAttachment === true;
  }
}

function or(values: readonly Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}

function and(values: readonly Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}

function evaluateTri(f: Filter, e: Envelope, content: Content, offset: number): Tri {
  switch (f.type) {
    case 'and':
      return and(f.children.map((c) => evaluateTri(c, e, content, offset)));
    case 'or':
      return or(f.children.map((c) => evaluateTri(c, e, content, offset)));
    case 'not': {
      const v = evaluateTri(f.child, e, content, offset);
      return v === undefined ? undefined : !v;
    }
    default:
      return conditionMatches(f, e, content, offset);
  }
}

/** Which content a filter can need: header text (`header`, `text`) and/or body (`body`, `text`). */
export function contentNeeds(filter: Filter): { headers: boolean; body: boolean } {
  const needs = { headers: false, body: false };
  const visit = (f: Filter): void => {
    if (f.type === 'and' || f.type === 'or') f.children.forEach(visit);
    else if (f.type === 'not') visit(f.child);
    else if (f.type === 'header') needs.headers = true;
    else if (f.type === 'body') needs.body = true;
    else if (f.type === 'text') needs.headers = needs.body = true;
  };
  visit(filter);
  return needs;
}

/** True when evaluating the filter may need the message's headers or body text. */
export function needsContent(filter: Filter | undefined): boolean {
  if (filter === undefined) return false;
  const n = contentNeeds(filter);
  return n.headers || n.body;
}

/**
 * Decides from the envelope alone: true/false, or undefined when the answer depends on body or
 * header text (then use `matchesFilter` with a provider). An absent filter matches everything.
 */
export function matchesEnvelopeOnly(
  filter: Filter | undefined,
  envelope: Envelope,
  ctx: Pick<MatchContext, 'timezoneOffsetMinutes'> = {},
): boolean | undefined {
  if (filter === undefined) return true;
  return evaluateTri(filter, envelope, {}, ctx.timezoneOffsetMinutes ?? 0);
}

function missingProvider(what: 'headers' | 'bodyText'): MailError {
  return new MailError(
    'ERR_INVALID_ARGUMENT',
    `this search needs the message ${what === 'headers' ? 'headers' : 'body text'}; pass a '${what}' provider`,
  );
}

function toContent(headerText: string | undefined, body: string | undefined): Content {
  const content: Content = {};
  if (headerText !== undefined) {
    content.headerText = headerText;
    content.headers = parseHeaderBlock(headerText);
  }
  if (body !== undefined) content.body = body;
  return content;
}

function checked(what: 'headers' | 'bodyText', value: unknown): string {
  if (typeof value === 'string') return value;
  throw new MailError('ERR_INVALID_ARGUMENT', `the '${what}' provider returned no string`);
}

function decided(v: Tri): boolean {
  // With every needed piece of content loaded, evaluation is two-valued.
  return v === true;
}

/**
 * Async evaluation: decides from the envelope when it can, otherwise loads the content the
 * filter needs from the provider (each at most once) and decides exactly.
 */
export async function matchesFilter(
  filter: Filter | undefined,
  envelope: Envelope,
  ctx: MatchContext = {},
): Promise<boolean> {
  const quick = matchesEnvelopeOnly(filter, envelope, ctx);
  if (quick !== undefined || filter === undefined) return quick ?? true;
  const needs = contentNeeds(filter);
  if (needs.headers && ctx.headers === undefined) throw missingProvider('headers');
  if (needs.body && ctx.bodyText === undefined) throw missingProvider('bodyText');
  const headerText = needs.headers ? checked('headers', await ctx.headers?.(envelope)) : undefined;
  const body = needs.body ? checked('bodyText', await ctx.bodyText?.(envelope)) : undefined;
  const offset = ctx.timezoneOffsetMinutes ?? 0;
  return decided(evaluateTri(filter, envelope, toContent(headerText, body), offset));
}

/**
 * Synchronous evaluation for callers that have the content at hand: the provider functions must
 * return strings, not Promises (ERR_INVALID_ARGUMENT otherwise).
 */
export function matchesFilterSync(
  filter: Filter | undefined,
  envelope: Envelope,
  ctx: MatchContext = {},
): boolean {
  const quick = matchesEnvelopeOnly(filter, envelope, ctx);
  if (quick !== undefined || filter === undefined) return quick ?? true;
  const needs = contentNeeds(filter);
  const load = (what: 'headers' | 'bodyText'): string => {
    const fn = ctx[what];
    if (fn === undefined) throw missingProvider(what);
    const value = fn(envelope);
    if (value instanceof Promise) {
      throw new MailError(
        'ERR_INVALID_ARGUMENT',
        `the '${what}' provider is asynchronous; use matchesFilter`,
      );
    }
    return checked(what, value);
  };
  const headerText = needs.headers ? load('headers') : undefined;
  const body = needs.body ? load('bodyText') : undefined;
  const offset = ctx.timezoneOffsetMinutes ?? 0;
  return decided(evaluateTri(filter, envelope, toContent(headerText, body), offset));
}
