/**
 * API requests (RFC 8620 §3): batched method calls with result references, method errors
 * (§3.6.2) as ERR_JMAP_METHOD, and splitting of independent calls at maxCallsInRequest.
 */
import type { z } from 'zod';
import { MailError } from '../../shared/errors.js';
import { checkStatus, httpFollow, parseJson, validate, type JmapCo } from './http.js';
import { CORE, MAIL, methodErrorSchema, responseSchema, SUBMISSION } from './schemas.js';
import type { JmapSession } from './session.js';

export type MethodCall = [name: string, args: Record<string, unknown>, callId: string];

export interface JmapContext {
  session: JmapSession;
  authorization: string;
}

/** The responses of one request, looked up by call id. */
export class MethodResponses {
  constructor(readonly invocations: [string, Record<string, unknown>, string][]) {}

  /** The response to `callId`, validated; an `error` response throws ERR_JMAP_METHOD. */
  get<S extends z.ZodType>(callId: string, name: string, schema: S): z.output<S> {
    const found = this.invocations.find((i) => i[2] === callId && i[0] !== 'error');
    if (found === undefined) {
      const error = this.error(callId);
      if (error !== undefined) throw methodError(name, error);
      throw new MailError('ERR_PROTOCOL', `the JMAP server did not answer ${name} (${callId})`);
    }
    if (found[0] !== name) {
      throw new MailError('ERR_PROTOCOL', `expected ${name} for ${callId}, got ${found[0]}`);
    }
    return validate(found[1], schema, name);
  }

  /** The method error for `callId`, if the server answered with one. */
  error(callId: string): { type: string; description?: string | undefined } | undefined {
    const found = this.invocations.find((i) => i[2] === callId && i[0] === 'error');
    if (found === undefined) return undefined;
    const parsed = methodErrorSchema.safeParse(found[1]);
    return parsed.success ? parsed.data : { type: 'unknown' };
  }
}

export function methodError(
  method: string,
  error: { type: string; description?: string | undefined },
): MailError {
  const text = error.description === undefined ? '' : `: ${error.description}`;
  return new MailError('ERR_JMAP_METHOD', `${method} failed with ${error.type}${text}`, {
    details: { method, type: error.type },
  });
}

function usingFor(calls: readonly MethodCall[]): string[] {
  const using = [CORE, MAIL];
  if (calls.some(([name]) => name.startsWith('EmailSubmission/') || name.startsWith('Identity/'))) {
    using.push(SUBMISSION);
  }
  return using;
}

/** One POST to apiUrl carrying `calls` (which may reference each other's results, §3.7). */
export function* callMethods(
  ctx: JmapContext,
  calls: readonly MethodCall[],
): JmapCo<MethodResponses> {
  if (calls.length > ctx.session.limits.maxCallsInRequest) {
    throw new MailError('ERR_LIMIT', `${calls.length} calls exceed maxCallsInRequest`);
  }
  const response = yield* httpFollow({
    method: 'POST',
    url: ctx.session.apiUrl,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: ctx.authorization,
    },
    body: JSON.stringify({ using: usingFor(calls), methodCalls: calls }),
  });
  checkStatus(response, 'JMAP request');
  const parsed = parseJson(response.body, responseSchema, 'JMAP response');
  return new MethodResponses(parsed.methodResponses);
}

/**
 * Independent calls (no back-references across groups) split into requests of at most
 * maxCallsInRequest; answers come back merged.
 */
export function* callIndependent(
  ctx: JmapContext,
  calls: readonly MethodCall[],
): JmapCo<MethodResponses> {
  const all: [string, Record<string, unknown>, string][] = [];
  const per = ctx.session.limits.maxCallsInRequest;
  for (let i = 0; i < calls.length; i += per) {
    const batch = calls.slice(i, i + per);
    const responses = yield* callMethods(ctx, batch);
    all.push(...responses.invocations);
  }
  return new MethodResponses(all);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + size));
  return out;
}
