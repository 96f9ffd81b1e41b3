import { describe, expect, it } from 'vitest';
import {
  callIndependent,
  callMethods,
  type MethodCall,
} from '../../../src/backends/jmap/request.js';
import {
  listMailboxes,
  createMailbox,
  diffMailboxes,
} from '../../../src/backends/jmap/mailboxes.js';
import { MailError } from '../../../src/shared/errors.js';
import { API, api, context, mailboxGet, replay, replayError } from './replay.js';

describe('API requests (RFC 8620 §3)', () => {
  it('posts {using, methodCalls} as JSON with the authorization header', () => {
    const { requests } = replay(
      callMethods(context(), [['Mailbox/get', { accountId: 'u1' }, 'm']]),
      [
        {
          ...api(['Mailbox/get', { state: 's', list: [] }, 'm']),
          check: (body, spec) => {
            expect(body.using).toEqual(['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail']);
            expect(body.methodCalls).toEqual([['Mailbox/get', { accountId: 'u1' }, 'm']]);
            expect(spec.headers['content-type']).toBe('application/json');
          },
        },
      ],
    );
    expect(requests[0]?.url).toBe(API);
  });

  it('a method error becomes ERR_JMAP_METHOD with the RFC 8620 type in details', () => {
    const error = replayError(listMailboxes(context(), false), [
      api(['error', { type: 'accountNotFound', description: 'nope' }, 'm']),
    ]);
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({
      code: 'ERR_JMAP_METHOD',
      details: { type: 'accountNotFound', method: 'Mailbox/get' },
    });
  });

  it('a response of the wrong shape is ERR_PARSE; a missing answer is ERR_PROTOCOL', () => {
    const wrong = replayError(listMailboxes(context(), false), [
      api(['Mailbox/get', { state: 's', list: [{ id: 7, name: 'x' }] }, 'm']),
    ]);
    expect(wrong).toMatchObject({ code: 'ERR_PARSE' });
    const noList = replayError(listMailboxes(context(), false), [
      api(['Mailbox/get', { state: 's' }, 'm']),
    ]);
    expect(noList).toMatchObject({ code: 'ERR_PARSE' });
    const missing = replayError(listMailboxes(context(), false), [api()]);
    expect(missing).toMatchObject({ code: 'ERR_PROTOCOL' });
    const notArray = replayError(listMailboxes(context(), false), [
      { json: { methodResponses: {} } },
    ]);
    expect(notArray).toMatchObject({ code: 'ERR_PARSE' });
  });

  it('request-level errors (RFC 8620 §3.6.1 problem details) keep their type', () => {
    const error = replayError(listMailboxes(context(), false), [
      { status: 400, json: { type: 'urn:ietf:params:jmap:error:unknownCapability', status: 400 } },
    ]);
    expect(error).toMatchObject({
      code: 'ERR_HTTP',
      details: { status: 400, type: 'urn:ietf:params:jmap:error:unknownCapability' },
    });
  });

  it('independent calls are split at maxCallsInRequest', () => {
    const calls: MethodCall[] = Array.from({ length: 5 }, (_, i) => [
      'Email/get',
      { ids: [] },
      `c${i}`,
    ]);
    const answer = (ids: number[]): ReturnType<typeof api> =>
      api(
        ...ids.map((i): [string, Record<string, unknown>, string] => [
          'Email/get',
          { state: 's', list: [] },
          `c${i}`,
        ]),
      );
    const { requests, result } = replay(callIndependent(context({ maxCallsInRequest: 2 }), calls), [
      answer([0, 1]),
      answer([2, 3]),
      answer([4]),
    ]);
    expect(requests).toHaveLength(3);
    expect(result.invocations.map((i) => i[2])).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });
});

describe('mailboxes (RFC 8621 §2)', () => {
  it('parentId chains become paths; roles and counts map', () => {
    const { result } = replay(listMailboxes(context(), true), [
      api([
        'Mailbox/get',
        {
          state: 's',
          list: [
            { id: 'c', name: 'Child', parentId: 'p', role: null, totalEmails: 2, unreadEmails: 1 },
            { id: 'p', name: 'Parent', parentId: null, totalEmails: 0, unreadEmails: 0 },
            {
              id: 'i',
              name: 'Inbox',
              parentId: null,
              role: 'inbox',
              totalEmails: 5,
              unreadEmails: 3,
            },
          ],
        },
        'm',
      ]),
    ]);
    expect(result).toEqual([
      { id: 'c', name: 'Child', path: ['Parent', 'Child'], total: 2, unread: 1 },
      { id: 'p', name: 'Parent', path: ['Parent'], total: 0, unread: 0 },
      { id: 'i', name: 'Inbox', path: ['Inbox'], role: 'inbox', total: 5, unread: 3 },
    ]);
  });

  it('a parent cycle from a broken server does not hang', () => {
    const { result } = replay(listMailboxes(context(), false), [
      api([
        'Mailbox/get',
        {
          state: 's',
          list: [
            { id: 'a', name: 'A', parentId: 'b' },
            { id: 'b', name: 'B', parentId: 'a' },
          ],
        },
        'm',
      ]),
    ]);
    expect(result.map((b) => b.path)).toEqual([
      ['B', 'A'],
      ['A', 'B'],
    ]);
  });

  it('creates missing parents in one Mailbox/set with creation-id references', () => {
    const { result } = replay(createMailbox(context(), 'Work/Projects/2026/Q1', undefined), [
      mailboxGet(),
      {
        ...api(['Mailbox/set', { created: { c2: { id: 'n2' }, c3: { id: 'n3' } } }, 's']),
        check: (body) =>
          expect(body.methodCalls[0]?.[1].create).toEqual({
            c2: { name: '2026', parentId: 'proj1' },
            c3: { name: 'Q1', parentId: '#c2' },
          }),
      },
    ]);
    expect(result).toEqual({ id: 'n3', name: 'Q1', path: ['Work', 'Projects', '2026', 'Q1'] });
  });

  it('an existing path is ERR_EXISTS; a SetError is reported per id', () => {
    expect(
      replayError(createMailbox(context(), ['Work'], undefined), [mailboxGet()]),
    ).toMatchObject({ code: 'ERR_EXISTS' });
    const error = replayError(createMailbox(context(), ['New'], undefined), [
      mailboxGet(),
      api([
        'Mailbox/set',
        { notCreated: { c0: { type: 'invalidProperties', properties: ['name'] } } },
        's',
      ]),
    ]);
    expect(error).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      details: {
        method: 'Mailbox/set',
        type: 'invalidProperties',
        errors: { c0: { type: 'invalidProperties' } },
      },
    });
  });

  it('diffMailboxes: cannotCalculateChanges lists everything as created', () => {
    const { result } = replay(diffMailboxes(context(), 'old'), [
      api(
        ['error', { type: 'cannotCalculateChanges' }, 'c'],
        ['Mailbox/get', { state: 'm9', list: [{ id: 'a', name: 'A' }] }, 'm'],
      ),
      api([
        'Mailbox/get',
        { state: 'm9', list: [{ id: 'a', name: 'A', totalEmails: 1, unreadEmails: 0 }] },
        'm',
      ]),
    ]);
    expect(result).toEqual({
      created: [{ id: 'a', name: 'A', path: ['A'], total: 1, unread: 0 }],
      updated: [],
      removed: [],
      state: 'm9',
    });
  });

  it('diffMailboxes: created, updated and destroyed never overlap', () => {
    const { result } = replay(diffMailboxes(context(), 'm1'), [
      api(
        [
          'Mailbox/changes',
          {
            oldState: 'm1',
            newState: 'm2',
            hasMoreChanges: false,
            created: ['a'],
            updated: ['a', 'b'],
            destroyed: ['z'],
          },
          'c',
        ],
        [
          'Mailbox/get',
          {
            state: 'm2',
            list: [
              { id: 'a', name: 'A' },
              { id: 'b', name: 'B' },
            ],
          },
          'm',
        ],
      ),
    ]);
    expect(result.created.map((b) => b.id)).toEqual(['a']);
    expect(result.updated.map((b) => b.id)).toEqual(['b']);
    expect(result.removed).toEqual(['z']);
    expect(result.state).toBe('m2');
  });

  it('diffMailboxes follows hasMoreChanges before reading the list', () => {
    const changes = (
      from: string,
      to: string,
      more: boolean,
      created: string[],
      destroyed: string[],
    ) =>
      [
        'Mailbox/changes',
        { oldState: from, newState: to, hasMoreChanges: more, created, updated: [], destroyed },
        'c',
      ] as [string, Record<string, unknown>, string];
    const { result, requests } = replay(diffMailboxes(context(), 'm1'), [
      api(changes('m1', 'm2', true, ['a', 'tmp'], ['old']), [
        'Mailbox/get',
        { state: 'm3', list: [] },
        'm',
      ]),
      {
        ...api(changes('m2', 'm3', false, [], ['tmp']), [
          'Mailbox/get',
          { state: 'm3', list: [{ id: 'a', name: 'A' }] },
          'm',
        ]),
        check: (body) => expect(body.methodCalls[0]?.[1].sinceState).toBe('m2'),
      },
    ]);
    expect(requests).toHaveLength(2);
    expect(result.created.map((b) => b.id)).toEqual(['a']);
    expect(result.removed).toEqual(['old']);
    expect(result.state).toBe('m3');
  });
});

describe('API response bodies', () => {
  it('malformed JSON from the API is ERR_PARSE; an empty 200 too', () => {
    expect(
      replayError(listMailboxes(context(), false), [{ text: '{"methodResponses": [' }]),
    ).toMatchObject({ code: 'ERR_PARSE' });
    expect(replayError(listMailboxes(context(), false), [{ text: '' }])).toMatchObject({
      code: 'ERR_PARSE',
    });
  });

  it('5xx from the API is ERR_HTTP; 401 mid-session is ERR_AUTH', () => {
    expect(
      replayError(listMailboxes(context(), false), [{ status: 503, text: 'busy' }]),
    ).toMatchObject({
      code: 'ERR_HTTP',
      details: { status: 503 },
    });
    expect(replayError(listMailboxes(context(), false), [{ status: 401, text: '' }])).toMatchObject(
      { code: 'ERR_AUTH' },
    );
  });
});
