/**
 * Drive JMAP coroutines from recorded HTTP exchanges (no server): each yielded request is
 * checked against the next exchange and answered with its recorded response.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  driveSync,
  type HttpRequestSpec,
  type HttpResponse,
} from '../../../src/shared/coroutine.js';
import type { JmapCo, JmapYield } from '../../../src/backends/jmap/http.js';
import type { JmapContext } from '../../../src/backends/jmap/request.js';
import type { JmapSession } from '../../../src/backends/jmap/session.js';

export interface Exchange {
  /** Checks on the request; `url` must match exactly when given. */
  method?: HttpRequestSpec['method'];
  url?: string;
  /** Inspect the decoded JSON body of an API call. */
  check?: (body: ApiBody, request: HttpRequestSpec) => void;
  status?: number;
  headers?: Record<string, string>;
  /** A JSON value, or raw text (e.g. malformed JSON). */
  json?: unknown;
  text?: string;
}

export interface ApiBody {
  using: string[];
  methodCalls: [string, Record<string, unknown>, string][];
}

const encoder = new TextEncoder();

export function replay<T>(
  co: JmapCo<T>,
  exchanges: Exchange[],
): { result: T; requests: HttpRequestSpec[] } {
  const queue = [...exchanges];
  const requests: HttpRequestSpec[] = [];
  const result = driveSync(co, (request: JmapYield): unknown => {
    if (request.type === 'wait') return undefined;
    const spec = request.request;
    requests.push(spec);
    const next = queue.shift();
    if (next === undefined) throw new Error(`unexpected request ${spec.method} ${spec.url}`);
    if (next.method !== undefined) expect(spec.method).toBe(next.method);
    if (next.url !== undefined) expect(spec.url).toBe(next.url);
    if (next.check !== undefined) {
      const text = typeof spec.body === 'string' ? spec.body : new TextDecoder().decode(spec.body);
      next.check(JSON.parse(text) as ApiBody, spec);
    }
    const body = next.text ?? (next.json === undefined ? '' : JSON.stringify(next.json));
    const response: HttpResponse = {
      status: next.status ?? 200,
      headers: next.headers ?? {},
      body: encoder.encode(body),
    };
    return response;
  });
  expect(queue, 'every recorded exchange was used').toEqual([]);
  return { result, requests };
}

/** Like replay, but returns the thrown error (failing when nothing is thrown). */
export function replayError(co: JmapCo<unknown>, exchanges: Exchange[]): unknown {
  try {
    replay(co, exchanges);
  } catch (error) {
    return error;
  }
  throw new Error('expected the coroutine to throw');
}

export const cyrusSession = JSON.parse(
  readFileSync(new URL('../../fixtures/jmap/cyrus-session.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

export const API = 'http://127.0.0.1:8080/jmap/';

export function context(limits: Partial<JmapSession['limits']> = {}): JmapContext {
  return {
    authorization: 'Basic dGVzdHVzZXI6dGVzdHBhc3M=',
    session: {
      sessionUrl: 'http://127.0.0.1:8080/jmap',
      apiUrl: API,
      downloadUrl: 'http://127.0.0.1:8080/jmap/download/{accountId}/{blobId}/{name}?accept={type}',
      uploadUrl: 'http://127.0.0.1:8080/jmap/upload/{accountId}/',
      eventSourceUrl:
        'http://127.0.0.1:8080/jmap/eventsource/?types={types}&closeafter={closeafter}&ping={ping}',
      accountId: 'u1',
      capabilities: [
        'urn:ietf:params:jmap:core',
        'urn:ietf:params:jmap:mail',
        'urn:ietf:params:jmap:submission',
      ],
      limits: {
        maxObjectsInGet: 4096,
        maxObjectsInSet: 4096,
        maxCallsInRequest: 50,
        maxSizeUpload: 1 << 30,
        ...limits,
      },
    },
  };
}

/** An API response with the given invocations. */
export function api(...methodResponses: [string, Record<string, unknown>, string][]): Exchange {
  return { method: 'POST', url: API, json: { methodResponses, sessionState: '0' } };
}

export const MAILBOXES: Record<string, unknown>[] = [
  { id: 'inbox1', name: 'Inbox', parentId: null, role: 'inbox' },
  { id: 'sent1', name: 'Sent', parentId: null, role: 'sent' },
  { id: 'drafts1', name: 'Drafts', parentId: null, role: 'drafts' },
  { id: 'work1', name: 'Work', parentId: null, role: null },
  { id: 'proj1', name: 'Projects', parentId: 'work1', role: null },
];

/** The Mailbox/get exchange every mailbox resolution starts with. */
export function mailboxGet(list = MAILBOXES, state = 'm1'): Exchange {
  return {
    ...api(['Mailbox/get', { accountId: 'u1', state, list, notFound: [] }, 'm']),
    check: (body) => expect(body.methodCalls[0]?.[0]).toBe('Mailbox/get'),
  };
}
