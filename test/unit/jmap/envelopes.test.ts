import { describe, expect, it } from 'vitest';
import { listEnvelopes, searchEnvelopes } from '../../../src/backends/jmap/envelopes.js';
import { api, context, mailboxGet, replay, replayError } from './replay.js';

const EMAIL = {
  id: 'e1',
  blobId: 'b1',
  threadId: 't1',
  mailboxIds: { inbox1: true },
  keywords: { $seen: true, $Flagged: true, Work: true, $draft: false },
  size: 1234,
  receivedAt: '2026-01-05T09:01:00Z',
  messageId: ['m1@example.org'],
  inReplyTo: null,
  references: ['r0@x', 'r1@x'],
  sender: null,
  from: [{ name: 'Alice Example', email: 'alice@example.org' }],
  to: [{ name: null, email: 'bob@example.net' }],
  cc: null,
  bcc: null,
  replyTo: null,
  subject: 'Quarterly report',
  sentAt: '2026-01-05T10:00:00+01:00',
  // the server's flag says no; the tree has a nested attachment, and the tree decides
  hasAttachment: false,
  bodyStructure: {
    type: 'multipart/mixed',
    subParts: [
      { type: 'text/plain', disposition: null },
      {
        type: 'multipart/alternative',
        subParts: [{ type: 'application/pdf', disposition: 'attachment' }],
      },
    ],
  },
  preview: 'numbers are up',
  someVendorProperty: { x: 1 },
};

describe('listEnvelopes (Email/query + Email/get, RFC 8621 §4.4)', () => {
  it('asks newest first with position/limit, back-references the ids, and maps every field', () => {
    const { result } = replay(
      listEnvelopes(context(), 'INBOX', { page: 3, pageSize: 10, counts: true }),
      [
        mailboxGet(),
        {
          ...api(
            ['Email/query', { queryState: 'q', ids: ['e2', 'e1'], position: 20, total: 22 }, 'q'],
            // The server may return the list in any order: the query's order wins.
            [
              'Email/get',
              { state: 's', list: [EMAIL, { ...EMAIL, id: 'e2', subject: 'Newer' }], notFound: [] },
              'g',
            ],
          ),
          check: (body) => {
            const [query, get] = body.methodCalls;
            expect(query?.[1]).toMatchObject({
              accountId: 'u1',
              filter: { inMailbox: 'inbox1' },
              sort: [
                { property: 'sentAt', isAscending: false },
                { property: 'receivedAt', isAscending: false },
              ],
              position: 20,
              limit: 10,
              calculateTotal: true,
            });
            expect(get?.[1]['#ids']).toEqual({ resultOf: 'q', name: 'Email/query', path: '/ids' });
            expect(get?.[1].properties).toEqual(
              expect.arrayContaining(['preview', 'threadId', 'bodyStructure']),
            );
            expect(get?.[1].bodyProperties).toEqual(['type', 'disposition', 'subParts']);
          },
        },
      ],
    );
    expect(result.page).toBe(3);
    expect(result.total).toBe(22);
    expect(result.envelopes.map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(result.envelopes[1]).toEqual({
      id: 'e1',
      mailbox: 'inbox1',
      messageId: '<m1@example.org>',
      references: ['<r0@x>', '<r1@x>'],
      threadId: 't1',
      flags: ['seen', 'flagged', 'Work'],
      subject: 'Quarterly report',
      from: [{ name: 'Alice Example', email: 'alice@example.org' }],
      to: [{ email: 'bob@example.net' }],
      cc: [],
      bcc: [],
      date: new Date('2026-01-05T09:00:00Z'),
      receivedAt: new Date('2026-01-05T09:01:00Z'),
      size: 1234,
      hasAttachment: true,
      preview: 'numbers are up',
    });
  });

  it('resolves name paths: Parent/Child by names', () => {
    replay(listEnvelopes(context(), 'Work/Projects', {}), [
      mailboxGet(),
      {
        ...api(
          ['Email/query', { queryState: 'q', ids: [] }, 'q'],
          ['Email/get', { state: 's', list: [] }, 'g'],
        ),
        check: (body) => expect(body.methodCalls[0]?.[1].filter).toEqual({ inMailbox: 'proj1' }),
      },
    ]);
  });

  it('an unknown mailbox is ERR_NOT_FOUND before any Email call', () => {
    expect(replayError(listEnvelopes(context(), 'Nope', {}), [mailboxGet()])).toMatchObject({
      code: 'ERR_NOT_FOUND',
    });
  });

  it('a page larger than maxObjectsInGet is fetched in chunks, keeping the query order', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const { result } = replay(
      listEnvelopes(context({ maxObjectsInGet: 2 }), 'inbox1', { pageSize: 5 }),
      [
        mailboxGet(),
        {
          ...api(['Email/query', { queryState: 'q', ids }, 'q']),
          check: (body) => expect(body.methodCalls).toHaveLength(1),
        },
        {
          ...api(
            ['Email/get', { state: 's', list: [{ id: 'b' }, { id: 'a' }] }, 'g0'],
            ['Email/get', { state: 's', list: [{ id: 'c' }, { id: 'd' }] }, 'g1'],
            ['Email/get', { state: 's', list: [{ id: 'e' }] }, 'g2'],
          ),
          check: (body) =>
            expect(body.methodCalls.map((c) => c[1].ids)).toEqual([['a', 'b'], ['c', 'd'], ['e']]),
        },
      ],
    );
    expect(result.envelopes.map((e) => e.id)).toEqual(ids);
  });

  it('bad page arguments are ERR_INVALID_ARGUMENT', () => {
    expect(
      replayError(listEnvelopes(context(), 'inbox1', { page: 0 }), [mailboxGet()]),
    ).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });

  it('an Email of the wrong shape is ERR_PARSE', () => {
    const error = replayError(listEnvelopes(context(), 'inbox1', {}), [
      mailboxGet(),
      api(
        ['Email/query', { queryState: 'q', ids: ['e1'] }, 'q'],
        ['Email/get', { state: 's', list: [{ id: 'e1', size: 'big' }] }, 'g'],
      ),
    ]);
    expect(error).toMatchObject({ code: 'ERR_PARSE' });
  });
});

describe('searchEnvelopes', () => {
  it('compiles the DSL into a filter ANDed with inMailbox, with the requested sort', () => {
    replay(
      searchEnvelopes(
        context(),
        'INBOX',
        'from alice and not (flag seen or subject lunch) order by size asc',
        {},
      ),
      [
        mailboxGet(),
        {
          ...api(
            ['Email/query', { queryState: 'q', ids: [] }, 'q'],
            ['Email/get', { state: 's', list: [] }, 'g'],
          ),
          check: (body) => {
            expect(body.methodCalls[0]?.[1].filter).toEqual({
              operator: 'AND',
              conditions: [
                { inMailbox: 'inbox1' },
                {
                  operator: 'AND',
                  conditions: [
                    { header: ['From', 'alice'] },
                    {
                      operator: 'NOT',
                      conditions: [
                        {
                          operator: 'OR',
                          conditions: [{ hasKeyword: '$seen' }, { header: ['Subject', 'lunch'] }],
                        },
                      ],
                    },
                  ],
                },
              ],
            });
            expect(body.methodCalls[0]?.[1].sort).toEqual([
              { property: 'size', isAscending: true },
            ]);
          },
        },
      ],
    );
  });

  it("an invalid query is the DSL's ERR_PARSE and sends nothing", () => {
    expect(replayError(searchEnvelopes(context(), 'INBOX', 'from and and', {}), [])).toMatchObject({
      code: 'ERR_PARSE',
    });
  });
});
