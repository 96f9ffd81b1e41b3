import { describe, expect, it } from 'vitest';
import {
  addMessage,
  copyMessages,
  deleteMessages,
  getMessage,
  keywordPatch,
  moveMessages,
  pointerToken,
  storeFlags,
} from '../../../src/backends/jmap/messages.js';
import { api, context, mailboxGet, replay, replayError, type Exchange } from './replay.js';

const RAW = new TextEncoder().encode('From: a@x\r\nSubject: hi\r\n\r\nbody\r\n');
const upload: Exchange = {
  method: 'POST',
  url: 'http://127.0.0.1:8080/jmap/upload/u1/',
  json: { accountId: 'u1', blobId: 'G1', type: 'message/rfc822', size: RAW.length },
};

describe('flags (RFC 8621 §4.1.1 keywords)', () => {
  it('escapes ~ and / in patch paths (RFC 6901)', () => {
    expect(pointerToken('a~b/c')).toBe('a~0b~1c');
    expect(keywordPatch('add', ['seen', 'x/y~z'])).toEqual({
      'keywords/$seen': true,
      'keywords/x~1y~0z': true,
    });
    expect(keywordPatch('remove', ['\\Flagged'])).toEqual({ 'keywords/$flagged': null });
    expect(keywordPatch('set', ['draft', 'Work'])).toEqual({
      keywords: { $draft: true, Work: true },
    });
  });

  it('storeFlags patches every id; a per-id SetError names each failed id', () => {
    const error = replayError(
      storeFlags(context(), 'INBOX', ['e1', 'e2', 'e3'], 'add', ['flagged']),
      [
        mailboxGet(),
        {
          ...api([
            'Email/set',
            {
              newState: '2',
              updated: { e1: null },
              notUpdated: { e2: { type: 'notFound' }, e3: { type: 'notFound' } },
            },
            's0',
          ]),
          check: (body) =>
            expect(body.methodCalls[0]?.[1].update).toEqual({
              e1: { 'keywords/$flagged': true },
              e2: { 'keywords/$flagged': true },
              e3: { 'keywords/$flagged': true },
            }),
        },
      ],
    );
    expect(error).toMatchObject({
      code: 'ERR_NOT_FOUND',
      details: { errors: { e2: { type: 'notFound' }, e3: { type: 'notFound' } } },
    });
  });

  it('splits updates at maxObjectsInSet', () => {
    const { requests } = replay(
      storeFlags(context({ maxObjectsInSet: 2 }), 'INBOX', ['a', 'b', 'c'], 'set', []),
      [
        mailboxGet(),
        {
          ...api(
            ['Email/set', { updated: { a: null, b: null } }, 's0'],
            ['Email/set', { updated: { c: null } }, 's1'],
          ),
          check: (body) =>
            expect(body.methodCalls.map((c) => Object.keys(c[1].update as object))).toEqual([
              ['a', 'b'],
              ['c'],
            ]),
        },
      ],
    );
    expect(requests).toHaveLength(2);
  });
});

describe('addMessage (upload + Email/import)', () => {
  it('uploads the bytes and imports them with keywords', () => {
    const { result, requests } = replay(
      addMessage(context(), 'Work', RAW, {
        flags: ['seen'],
        receivedAt: new Date('2026-01-01T00:00:00Z'),
      }),
      [
        mailboxGet(),
        upload,
        {
          ...api(['Email/import', { created: { m: { id: 'E1', blobId: 'G1' } } }, 'i']),
          check: (body) =>
            expect(body.methodCalls[0]?.[1].emails).toEqual({
              m: {
                blobId: 'G1',
                mailboxIds: { work1: true },
                keywords: { $seen: true },
                receivedAt: '2026-01-01T00:00:00.000Z',
              },
            }),
        },
      ],
    );
    expect(result).toBe('E1');
    expect(requests[1]?.headers['content-type']).toBe('message/rfc822');
  });

  it('alreadyExists (content-deduplicating servers) adds the mailbox to the existing Email', () => {
    const { result } = replay(addMessage(context(), 'Work', RAW, { flags: [] }), [
      mailboxGet(),
      upload,
      api([
        'Email/import',
        { created: {}, notCreated: { m: { type: 'alreadyExists', existingId: 'E0' } } },
        'i',
      ]),
      {
        ...api(['Email/set', { updated: { E0: null } }, 's0']),
        check: (body) =>
          expect(body.methodCalls[0]?.[1].update).toEqual({
            E0: { 'mailboxIds/work1': true, keywords: {} },
          }),
      },
    ]);
    expect(result).toBe('E0');
  });

  it('an upload over maxSizeUpload is ERR_LIMIT before any byte is sent', () => {
    expect(
      replayError(addMessage(context({ maxSizeUpload: 5 }), 'Work', RAW, {}), [mailboxGet()]),
    ).toMatchObject({ code: 'ERR_LIMIT' });
  });

  it('an upload refused with 413 is ERR_HTTP; other import errors are per id', () => {
    expect(
      replayError(addMessage(context(), 'Work', RAW, {}), [
        mailboxGet(),
        { status: 413, text: '' },
      ]),
    ).toMatchObject({
      code: 'ERR_HTTP',
      details: { status: 413 },
    });
    expect(
      replayError(addMessage(context(), 'Work', RAW, {}), [
        mailboxGet(),
        upload,
        api(['Email/import', { notCreated: { m: { type: 'overQuota' } } }, 'i']),
      ]),
    ).toMatchObject({ code: 'ERR_LIMIT', details: { errors: { m: { type: 'overQuota' } } } });
  });
});

describe('addMessage input (RFC 5322 §2.1 CRLF, §2.3 no NUL)', () => {
  it('bare-LF input is uploaded with CRLF line ends (Cyrus refuses bare newlines)', () => {
    const { requests } = replay(
      addMessage(context(), 'Work', new TextEncoder().encode('Subject: lf\n\nline\n'), {}),
      [mailboxGet(), upload, api(['Email/import', { created: { m: { id: 'E1' } } }, 'i'])],
    );
    expect(new TextDecoder().decode(requests[1]?.body as Uint8Array)).toBe(
      'Subject: lf\r\n\r\nline\r\n',
    );
  });

  it('a NUL byte is ERR_INVALID_ARGUMENT before any request', () => {
    const raw = new Uint8Array([...new TextEncoder().encode('Subject: n\r\n\r\na'), 0]);
    expect(replayError(addMessage(context(), 'Work', raw, {}), [])).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });
});

describe('copy, move, delete, get', () => {
  const inMailboxes = (ids: Record<string, Record<string, boolean>>): Exchange =>
    api([
      'Email/get',
      {
        state: 's',
        list: Object.entries(ids).map(([id, mailboxIds]) => ({
          id,
          blobId: `G-${id}`,
          mailboxIds,
        })),
      },
      'g0',
    ]);

  it('copy adds the target mailbox; ids stay the same', () => {
    const { result } = replay(copyMessages(context(), 'INBOX', ['e1'], 'Work'), [
      mailboxGet(),
      mailboxGet(),
      inMailboxes({ e1: { inbox1: true } }),
      {
        ...api(['Email/set', { updated: { e1: null } }, 's0']),
        check: (b) =>
          expect(b.methodCalls[0]?.[1].update).toEqual({ e1: { 'mailboxIds/work1': true } }),
      },
    ]);
    expect(result).toEqual({ e1: 'e1' });
  });

  it('move swaps the mailboxes in one patch', () => {
    replay(moveMessages(context(), 'INBOX', ['e1'], 'Work/Projects'), [
      mailboxGet(),
      mailboxGet(),
      inMailboxes({ e1: { inbox1: true } }),
      {
        ...api(['Email/set', { updated: { e1: null } }, 's0']),
        check: (b) =>
          expect(b.methodCalls[0]?.[1].update).toEqual({
            e1: { 'mailboxIds/inbox1': null, 'mailboxIds/proj1': true },
          }),
      },
    ]);
  });

  it('a message that is not in the source mailbox is ERR_NOT_FOUND', () => {
    expect(
      replayError(moveMessages(context(), 'INBOX', ['e1'], 'Work'), [
        mailboxGet(),
        mailboxGet(),
        inMailboxes({ e1: { work1: true } }),
      ]),
    ).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('delete destroys a message only in this mailbox and unlinks one that is also elsewhere', () => {
    replay(deleteMessages(context(), 'INBOX', ['only', 'shared', 'absent']), [
      mailboxGet(),
      api([
        'Email/get',
        {
          state: 's',
          list: [
            { id: 'only', mailboxIds: { inbox1: true } },
            { id: 'shared', mailboxIds: { inbox1: true, work1: true } },
          ],
          notFound: ['absent'],
        },
        'g0',
      ]),
      {
        ...api(['Email/set', { updated: { shared: null } }, 's0']),
        check: (b) =>
          expect(b.methodCalls[0]?.[1].update).toEqual({ shared: { 'mailboxIds/inbox1': null } }),
      },
      {
        ...api(['Email/set', { destroyed: ['only'] }, 'd0']),
        check: (b) => expect(b.methodCalls[0]?.[1].destroy).toEqual(['only']),
      },
    ]);
  });

  it('getMessage downloads the blob through the expanded template; 404 is ERR_NOT_FOUND', () => {
    const { result, requests } = replay(getMessage(context(), 'INBOX', 'e1'), [
      mailboxGet(),
      inMailboxes({ e1: { inbox1: true } }),
      { method: 'GET', text: 'From: a@x\r\n\r\nhi' },
    ]);
    expect(new TextDecoder().decode(result)).toBe('From: a@x\r\n\r\nhi');
    expect(requests[2]?.url).toBe(
      'http://127.0.0.1:8080/jmap/download/u1/G-e1/message.eml?accept=message%2Frfc822',
    );
    expect(
      replayError(getMessage(context(), 'INBOX', 'e1'), [
        mailboxGet(),
        inMailboxes({ e1: { inbox1: true } }),
        { status: 404, text: '' },
      ]),
    ).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});
