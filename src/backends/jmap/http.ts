/**
 * HTTP as coroutine requests (docs/architecture.md, The request/reply protocol): the coroutine decides what to send and what an answer
 * means; the driver (undici) only moves bytes. Redirects are followed here so they are testable.
 */
import type { z } from 'zod';
import type {
  Coroutine,
  HttpRequest,
  HttpRequestSpec,
  HttpResponse,
  WaitRequest,
} from '../../shared/coroutine.js';
import { MailError } from '../../shared/errors.js';

export type JmapYield = HttpRequest | WaitRequest;
export type JmapCo<T> = Coroutine<JmapYield, T, unknown>;

export function* http(request: HttpRequestSpec): JmapCo<HttpResponse> {
  return (yield { type: 'http', request }) as HttpResponse;
}

const MAX_REDIRECTS = 5;

/**
 * Perform a request, following 301/302/303 for GET and 307/308 for any method (RFC 9110 §15.4).
 * Authorization is kept across hosts (JMAP discovery commonly redirects to an API host) but
 * never sent over a downgrade from https to http.
 */
export function* httpFollow(request: HttpRequestSpec): JmapCo<HttpResponse & { url: string }> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = yield* http(current);
    const location = header(response, 'location');
    const redirect =
      location !== undefined &&
      ([307, 308].includes(response.status) ||
        ([301, 302, 303].includes(response.status) && current.method === 'GET'));
    if (!redirect) return { ...response, url: response.url ?? current.url };
    if (hop >= MAX_REDIRECTS) {
      throw new MailError('ERR_HTTP', `too many redirects from ${request.url}`, {
        details: { status: response.status },
      });
    }
    const next = resolveUrl(location, current.url);
    const headers = { ...current.headers };
    if (current.url.startsWith('https:') && next.startsWith('http:')) delete headers.authorization;
    current = { ...current, url: next, headers };
  }
}

export function header(response: HttpResponse, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(response.headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function resolveUrl(reference: string, base: string): string {
  try {
    return new URL(reference, base).toString();
  } catch {
    throw new MailError('ERR_PROTOCOL', `the server sent an invalid URL: ${reference}`);
  }
}

/** Non-2xx → ERR_AUTH (401/403) or ERR_HTTP with the status in details. */
export function checkStatus(response: HttpResponse, what: string): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const details = { status, ...problemDetails(response.body) };
  if (status === 401 || status === 403) {
    throw new MailError(
      'ERR_AUTH',
      `${what}: the server refused the credentials (HTTP ${status})`,
      {
        details,
        hint: 'check the JMAP user and password or bearer token',
      },
    );
  }
  throw new MailError('ERR_HTTP', `${what} failed with HTTP ${status}`, { details });
}

/** RFC 8620 §3.6.1: request-level errors come as RFC 7807 problem details. */
function problemDetails(body: Uint8Array): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body.subarray(0, 4096)));
    if (parsed !== null && typeof parsed === 'object' && 'type' in parsed) {
      const type = (parsed as { type: unknown }).type;
      if (typeof type === 'string') return { type };
    }
  } catch {
    // not JSON: the status alone says it
  }
  return {};
}

/** Decode and validate a JSON body; malformed JSON or a wrong shape is ERR_PARSE. */
export function parseJson<S extends z.ZodType>(
  body: Uint8Array,
  schema: S,
  what: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new MailError('ERR_PARSE', `${what}: the server sent malformed JSON`, { cause: error });
  }
  return validate(value, schema, what);
}

export function validate<S extends z.ZodType>(
  value: unknown,
  schema: S,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('/') || '(root)'}: ${i.message}`);
  throw new MailError('ERR_PARSE', `${what}: unexpected response shape (${issues.join('; ')})`, {
    details: { issues },
  });
}
