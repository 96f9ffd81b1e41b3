import { describe, expect, it } from 'vitest';
import {
  discoverSession,
  resolveTemplate,
  sessionUrlFor,
} from '../../../src/backends/jmap/session.js';
import { MailError } from '../../../src/shared/errors.js';
import { cyrusSession, replay, replayError, type Exchange } from './replay.js';

const AUTH = 'Basic dGVzdHVzZXI6dGVzdHBhc3M=';
const redirect: Exchange = {
  method: 'GET',
  url: 'http://127.0.0.1:8080/.well-known/jmap',
  status: 301,
  headers: { Location: '/jmap' },
};

function session(json: unknown, status = 200): Exchange {
  return { method: 'GET', url: 'http://127.0.0.1:8080/jmap', status, json };
}

describe('session discovery (RFC 8620 §2)', () => {
  it('follows the /.well-known/jmap redirect and resolves relative URLs against the final URL', () => {
    const { result, requests } = replay(discoverSession('http://127.0.0.1:8080', AUTH), [
      redirect,
      session(cyrusSession),
    ]);
    expect(requests.map((r) => r.headers.authorization)).toEqual([AUTH, AUTH]);
    expect(result.apiUrl).toBe('http://127.0.0.1:8080/jmap/');
    expect(result.downloadUrl).toBe(
      'http://127.0.0.1:8080/jmap/download/{accountId}/{blobId}/{name}?accept={type}',
    );
    expect(result.uploadUrl).toBe('http://127.0.0.1:8080/jmap/upload/{accountId}/');
    expect(result.eventSourceUrl).toContain('{types}');
    expect(result.accountId).toBe('testuser');
    expect(result.limits).toEqual({
      maxObjectsInGet: 4096,
      maxObjectsInSet: 4096,
      maxCallsInRequest: 50,
      maxSizeUpload: 1073741824,
    });
    expect(result.capabilities).toContain('urn:ietf:params:jmap:submission');
  });

  it('uses a session URL with a path as is, and sends the Bearer token', () => {
    const { requests } = replay(discoverSession('http://127.0.0.1:8080/jmap', 'Bearer tok'), [
      session(cyrusSession),
    ]);
    expect(requests[0]?.headers.authorization).toBe('Bearer tok');
  });

  it('absolute and host-relative URLs in the session resource', () => {
    expect(resolveTemplate('https://up.example/u/{accountId}', 'https://a.example/jmap')).toBe(
      'https://up.example/u/{accountId}',
    );
    expect(resolveTemplate('dl/{blobId}', 'https://a.example/jmap/session')).toBe(
      'https://a.example/jmap/dl/{blobId}',
    );
    expect(resolveTemplate('//b.example/x', 'https://a.example/')).toBe('https://b.example/x');
    expect(sessionUrlFor('https://a.example')).toBe('https://a.example/.well-known/jmap');
  });

  it('keeps the credentials across a cross-host https redirect but not on a downgrade to http', () => {
    const { requests } = replay(discoverSession('https://a.example', AUTH), [
      {
        url: 'https://a.example/.well-known/jmap',
        status: 302,
        headers: { location: 'https://api.b.example/s' },
      },
      { url: 'https://api.b.example/s', status: 307, headers: { location: 'http://c.example/s' } },
      { url: 'http://c.example/s', json: cyrusSession },
    ]);
    expect(requests.map((r) => r.headers.authorization)).toEqual([AUTH, AUTH, undefined]);
  });

  it('a redirect loop ends with ERR_HTTP', () => {
    const loop = Array.from({ length: 6 }, (): Exchange => ({
      status: 302,
      headers: { location: '/again' },
    }));
    const error = replayError(discoverSession('http://h.example', AUTH), loop);
    expect(error).toMatchObject({ code: 'ERR_HTTP' });
  });

  it.each([401, 403])('HTTP %i → ERR_AUTH without the credentials in the message', (status) => {
    const error = replayError(discoverSession('http://127.0.0.1:8080/jmap', AUTH), [
      session({}, status),
    ]);
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).code).toBe('ERR_AUTH');
    expect((error as MailError).details.status).toBe(status);
    expect((error as MailError).message).not.toContain('dGVzdHVzZXI6dGVzdHBhc3M');
  });

  it.each([500, 502, 503])('HTTP %i → ERR_HTTP with the status', (status) => {
    const error = replayError(discoverSession('http://127.0.0.1:8080/jmap', AUTH), [
      { status, text: 'upstream broke' },
    ]);
    expect(error).toMatchObject({ code: 'ERR_HTTP', details: { status } });
  });

  it('malformed JSON → ERR_PARSE', () => {
    const error = replayError(discoverSession('http://127.0.0.1:8080/jmap', AUTH), [
      { text: '{"apiUrl": ' },
    ]);
    expect(error).toMatchObject({ code: 'ERR_PARSE' });
  });

  it('missing fields and wrong types → ERR_PARSE naming the field', () => {
    const { apiUrl: _drop, ...missing } = cyrusSession;
    const e1 = replayError(discoverSession('http://x.example/jmap', AUTH), [{ json: missing }]);
    expect(e1).toMatchObject({ code: 'ERR_PARSE' });
    expect((e1 as MailError).message).toContain('apiUrl');
    const e2 = replayError(discoverSession('http://x.example/jmap', AUTH), [
      {
        json: {
          ...cyrusSession,
          capabilities: {
            ...(cyrusSession.capabilities as object),
            'urn:ietf:params:jmap:core': { maxObjectsInGet: 'lots' },
          },
        },
      },
    ]);
    expect(e2).toMatchObject({ code: 'ERR_PARSE' });
    const e3 = replayError(discoverSession('http://x.example/jmap', AUTH), [{ json: [1, 2, 3] }]);
    expect(e3).toMatchObject({ code: 'ERR_PARSE' });
  });

  it('extra properties from the server are accepted (loose objects)', () => {
    const { result } = replay(discoverSession('http://x.example/jmap', AUTH), [
      { json: { ...cyrusSession, vendorThing: { deep: true } } },
    ]);
    expect(result.accountId).toBe('testuser');
  });

  it('no primary mail account, or an unknown configured one → ERR_NOT_FOUND', () => {
    const e1 = replayError(discoverSession('http://x.example/jmap', AUTH), [
      { json: { ...cyrusSession, primaryAccounts: {} } },
    ]);
    expect(e1).toMatchObject({ code: 'ERR_NOT_FOUND' });
    const e2 = replayError(discoverSession('http://x.example/jmap', AUTH, 'other'), [
      { json: cyrusSession },
    ]);
    expect(e2).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('a non-http URL is ERR_CONFIG', () => {
    expect(() => sessionUrlFor('imap://x')).toThrow(MailError);
  });
});
