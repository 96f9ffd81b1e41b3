import { describe, expect, it } from 'vitest';
import { sendRaw } from '../../../src/backends/jmap/send.js';
import { api, context, mailboxGet, replay, replayError, type Exchange } from './replay.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const RAW = [
  'From: "Doe, Jane" <jane@example.org>',
  'To: bob@example.net, "Carol" <carol@example.com>',
  'Bcc: secret@example.com,',
  ' other-secret@example.com',
  'Subject: hi',
  'Message-ID: <m1@example.org>',
  '',
  'Bcc: in the body stays',
  '',
].join('\r\n');

const identities: Exchange = api([
  'Identity/get',
  {
    state: 'i',
    list: [
      { id: 'id-other', email: 'x@example.org' },
      { id: 'id-jane', email: 'jane@example.org', name: 'Jane' },
    ],
  },
  'i',
]);
const upload: Exchange = {
  method: 'POST',
  url: 'http://127.0.0.1:8080/jmap/upload/u1/',
  json: { blobId: 'G9' },
};

/** Run a send and return the uploaded bytes and the submission's envelope. */
function sendAndCapture(raw: string): { uploaded: string; rcptTo: unknown } {
  let rcptTo: unknown;
  const { requests } = replay(sendRaw(context(), enc(raw), undefined), [
    mailboxGet(),
    identities,
    upload,
    {
      ...api(
        ['Email/import', { created: { draft: { id: 'E7' } } }, 'e'],
        ['EmailSubmission/set', { created: { send: { id: 'S1' } } }, 's'],
      ),
      check: (body) => {
        const create = body.methodCalls[1]?.[1].create as Record<string, { envelope?: unknown }>;
        rcptTo = (create.send?.envelope as { rcptTo?: unknown } | undefined)?.rcptTo;
      },
    },
  ]);
  return { uploaded: dec(requests[2]?.body as Uint8Array), rcptTo };
}

describe('blind copies on a JMAP send (the stripper SMTP uses, shared/mime/outgoing.ts)', () => {
  const head = 'From: jane@example.org\r\nTo: bob@example.net\r\n';
  const body = '\r\nBcc: in the body stays\r\n';
  it.each([
    ['Bcc as the last header', `${head}Bcc: secret@example.com\r\n${body}`],
    ['obsolete "Bcc :" (RFC 5322 §4.5.3)', `${head}Bcc : secret@example.com\r\n${body}`],
    [
      'Resent-Bcc',
      `Resent-From: jane@example.org\r\nResent-To: bob@example.net\r\nResent-Bcc: secret@example.com\r\n${head}${body}`,
    ],
    ['folded Bcc', `${head}BCC: x@example.com,\r\n secret@example.com\r\nSubject: s\r\n${body}`],
    [
      'bare-LF message with Bcc last',
      `${head}Bcc: secret@example.com\r\n${body}`.replace(/\r\n/g, '\n'),
    ],
  ])('%s: stripped, header boundary kept, recipient in the envelope', (_name, raw) => {
    const { uploaded, rcptTo } = sendAndCapture(raw);
    expect(uploaded).not.toContain('secret');
    // The header block still ends with CRLF CRLF right before the body (no bare LF left).
    expect(uploaded).toContain('\r\n\r\nBcc: in the body stays\r\n');
    expect(/(?<!\r)\n/.test(uploaded)).toBe(false);
    expect(rcptTo).toContainEqual({ email: 'secret@example.com' });
  });
});

describe('sendMessage over JMAP (RFC 8621 §7)', () => {
  it('imports into Drafts with $draft and submits with the matching identity; success moves it to Sent', () => {
    const { result, requests } = replay(sendRaw(context(), enc(RAW), undefined), [
      mailboxGet(),
      identities,
      upload,
      {
        ...api(
          ['Email/import', { created: { draft: { id: 'E7' } } }, 'e'],
          ['EmailSubmission/set', { created: { send: { id: 'S1' } } }, 's'],
          ['Email/set', { updated: { E7: null } }, '0'],
        ),
        check: (body) => {
          expect(body.using).toContain('urn:ietf:params:jmap:submission');
          const [imp, sub] = body.methodCalls;
          expect(imp?.[1].emails).toEqual({
            draft: {
              blobId: 'G9',
              mailboxIds: { drafts1: true },
              keywords: { $draft: true, $seen: true },
            },
          });
          expect(sub?.[1].create).toEqual({
            send: {
              identityId: 'id-jane',
              emailId: '#draft',
              // Bcc recipients travel only in the envelope.
              envelope: {
                mailFrom: { email: 'jane@example.org' },
                rcptTo: [
                  'bob@example.net',
                  'carol@example.com',
                  'secret@example.com',
                  'other-secret@example.com',
                ].map((email) => ({ email })),
              },
            },
          });
          expect(sub?.[1].onSuccessUpdateEmail).toEqual({
            '#send': {
              'keywords/$draft': null,
              'mailboxIds/drafts1': null,
              'mailboxIds/sent1': true,
            },
          });
        },
      },
    ]);
    expect(dec(requests[2]?.body as Uint8Array)).not.toContain('secret');
    expect(result).toMatchObject({
      transport: 'jmap',
      messageId: 'm1@example.org',
      sentCopy: { mailbox: 'sent1', id: 'E7' },
      rejected: [],
    });
    expect(dec(result.raw)).not.toContain('secret');
  });

  it('without Bcc the server derives the envelope (none is sent)', () => {
    const raw = enc('From: jane@example.org\r\nTo: bob@example.net\r\n\r\nhi\r\n');
    replay(sendRaw(context(), raw, undefined), [
      mailboxGet(),
      identities,
      upload,
      {
        ...api(
          ['Email/import', { created: { draft: { id: 'E7' } } }, 'e'],
          ['EmailSubmission/set', { created: { send: { id: 'S1' } } }, 's'],
        ),
        check: (body) =>
          expect(body.methodCalls[1]?.[1].create).toEqual({
            send: { identityId: 'id-jane', emailId: '#draft' },
          }),
      },
    ]);
  });

  it('a refused submission is ERR_SEND_REJECTED with the SetError', () => {
    const error = replayError(sendRaw(context(), enc(RAW), undefined), [
      mailboxGet(),
      identities,
      upload,
      api(
        ['Email/import', { created: { draft: { id: 'E7' } } }, 'e'],
        [
          'EmailSubmission/set',
          { notCreated: { send: { type: 'forbiddenToSend', description: 'quota' } } },
          's',
        ],
      ),
    ]);
    expect(error).toMatchObject({
      code: 'ERR_SEND_REJECTED',
      details: { type: 'forbiddenToSend' },
    });
  });

  it('no identity for the From address is ERR_AUTH; no From is ERR_INVALID_ARGUMENT', () => {
    const raw = enc('From: mallory@evil.example\r\nTo: bob@example.net\r\n\r\nhi');
    expect(
      replayError(sendRaw(context(), raw, undefined), [mailboxGet(), identities]),
    ).toMatchObject({ code: 'ERR_AUTH' });
    expect(replayError(sendRaw(context(), enc('To: b@x\r\n\r\n'), undefined), [])).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });
});
