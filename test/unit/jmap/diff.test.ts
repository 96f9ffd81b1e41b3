import { describe, expect, it } from 'vitest';
import { decodeState, diffEnvelopes, encodeState } from '../../../src/backends/jmap/diff.js';
import { api, context, mailboxGet, replay, replayError, type Exchange } from './replay.js';

const email = (
  id: string,
  mailboxIds: Record<string, boolean>,
  keywords: Record<string, boolean> = {},
): Record<string, unknown> => ({
  id,
  mailboxIds,
  keywords,
  subject: `s-${id}`,
  size: 10,
});

const stateGet = (state: string): Exchange => api(['Email/get', { state, list: [] }, 'g']);
const listing = (ids: string[]): Exchange =>
  api(
    ['Email/query', { queryState: 'q', ids }, 'q'],
    ['Email/get', { state: 's', list: ids.map((id) => email(id, { inbox1: true })) }, 'g'],
  );

describe('diffEnvelopes scoped to a mailbox', () => {
  it('no state: reset with the full listing and a state carrying the ids', () => {
    const { result } = replay(diffEnvelopes(context(), 'INBOX', undefined), [
      mailboxGet(),
      stateGet('10'),
      listing(['a', 'b']),
    ]);
    expect(result.reset).toBe(true);
    expect(result.added.map((e) => e.id)).toEqual(['a', 'b']);
    expect(decodeState(result.state)).toEqual({ emailState: '10', ids: ['a', 'b'] });
  });

  it('classifies changes exactly by membership before and after; other mailboxes are ignored', () => {
    const state = encodeState({
      emailState: '10',
      ids: ['keep', 'flagged', 'moved-out', 'destroyed'],
    });
    const { result } = replay(diffEnvelopes(context(), 'INBOX', state), [
      mailboxGet(),
      api([
        'Email/changes',
        {
          oldState: '10',
          newState: '11',
          hasMoreChanges: true,
          created: ['new', 'elsewhere'],
          updated: [],
          destroyed: ['destroyed'],
        },
        'c',
      ]),
      {
        ...api([
          'Email/changes',
          {
            oldState: '11',
            newState: '12',
            hasMoreChanges: false,
            created: [],
            updated: ['flagged', 'moved-out', 'moved-in'],
            destroyed: [],
          },
          'c',
        ]),
        check: (body) => expect(body.methodCalls[0]?.[1].sinceState).toBe('11'),
      },
      api([
        'Email/get',
        {
          state: '12',
          list: [
            email('new', { inbox1: true }),
            email('elsewhere', { work1: true }),
            email('flagged', { inbox1: true }, { $flagged: true }),
            email('moved-out', { work1: true }),
            email('moved-in', { inbox1: true, work1: true }),
          ],
        },
        'g0',
      ]),
    ]);
    expect(result.reset).toBe(false);
    expect(result.added.map((e) => e.id).sort()).toEqual(['moved-in', 'new']);
    expect(result.removed.sort()).toEqual(['destroyed', 'moved-out']);
    expect(result.flagsChanged).toEqual([{ id: 'flagged', flags: ['flagged'] }]);
    expect(decodeState(result.state).ids.sort()).toEqual(['flagged', 'keep', 'moved-in', 'new']);
    expect(decodeState(result.state).emailState).toBe('12');
  });

  it('cannotCalculateChanges → reset: true with the full listing', () => {
    const state = encodeState({ emailState: 'ancient', ids: ['x'] });
    const { result } = replay(diffEnvelopes(context(), 'INBOX', state), [
      mailboxGet(),
      api(['error', { type: 'cannotCalculateChanges', description: 'invalid state' }, 'c']),
      stateGet('20'),
      listing(['a']),
    ]);
    expect(result.reset).toBe(true);
    expect(result.added.map((e) => e.id)).toEqual(['a']);
    expect(result.removed).toEqual([]);
  });

  it('other method errors are not mistaken for a reset', () => {
    const state = encodeState({ emailState: '1', ids: [] });
    const error = replayError(diffEnvelopes(context(), 'INBOX', state), [
      mailboxGet(),
      api(['error', { type: 'serverFail' }, 'c']),
    ]);
    expect(error).toMatchObject({ code: 'ERR_JMAP_METHOD', details: { type: 'serverFail' } });
  });

  it('a state that is not ours is ERR_INVALID_ARGUMENT', () => {
    expect(replayError(diffEnvelopes(context(), 'INBOX', 'garbage!'), [])).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    const wrongShape = Buffer.from(JSON.stringify({ v: 1, s: 2, ids: 'x' })).toString('base64url');
    expect(replayError(diffEnvelopes(context(), 'INBOX', wrongShape), [])).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
  });
});
