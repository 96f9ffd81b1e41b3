import { describe, expect, it } from 'vitest';
import type { HttpRequestSpec } from '../../../src/shared/coroutine.js';
import { driveSync } from '../../../src/shared/coroutine.js';
import type { JmapCo, JmapYield } from '../../../src/backends/jmap/http.js';
import type { StreamingResponse } from '../../../src/backends/jmap/driver.js';
import { touchesEmail, watchMailbox } from '../../../src/backends/jmap/watch.js';
import type { WatchEvent } from '../../../src/shared/types.js';
import { context, MAILBOXES } from './replay.js';

/** A tiny in-memory JMAP account: enough Mailbox/get, Email/get|query|changes for the watch. */
class FakeAccount {
  state = 1;
  emails = new Map<string, { id: string; subject: string; mailboxIds: Record<string, boolean> }>();
  log: { state: number; id: string }[] = [];

  deliver(id: string): void {
    this.state++;
    this.emails.set(id, { id, subject: `subject ${id}`, mailboxIds: { inbox1: true } });
    this.log.push({ state: this.state, id });
  }

  answer(calls: [string, Record<string, unknown>, string][]): unknown {
    const methodResponses = calls.map(([name, args, id]) => {
      if (name === 'Mailbox/get') return [name, { state: 'm', list: MAILBOXES }, id];
      if (name === 'Email/query')
        return [name, { queryState: 'q', ids: [...this.emails.keys()].reverse() }, id];
      if (name === 'Email/changes') {
        const since = Number(args.sinceState);
        const created = this.log.filter((l) => l.state > since).map((l) => l.id);
        return [
          name,
          {
            oldState: String(since),
            newState: String(this.state),
            hasMoreChanges: false,
            created,
            updated: [],
            destroyed: [],
          },
          id,
        ];
      }
      const ids = (args.ids as string[] | undefined) ?? [...this.emails.keys()].reverse();
      return [
        name,
        { state: String(this.state), list: ids.flatMap((i) => this.emails.get(i) ?? []) },
        id,
      ];
    });
    return { methodResponses };
  }
}

const encoder = new TextEncoder();

/** A driver `run` that answers every JMAP request from `account`; waits return at once. */
const runOn =
  (account: FakeAccount) =>
  <T>(co: JmapCo<T>): Promise<T> =>
    Promise.resolve(
      driveSync(co, (r: JmapYield) => {
        if (r.type === 'wait') return undefined;
        const body = JSON.parse(r.request.body as string) as {
          methodCalls: [string, Record<string, unknown>, string][];
        };
        return {
          status: 200,
          headers: {},
          body: encoder.encode(JSON.stringify(account.answer(body.methodCalls))),
        };
      }),
    );

function stateChange(id: string, state: number): string {
  return `event: state\nid: ${id}\ndata: {"@type":"StateChange","changed":{"u1":{"Email":"${state}"}}}\n\n`;
}

describe('watchMailbox over the event source', () => {
  it('yields full envelopes, recovers a dropped connection with Last-Event-ID and catches up', async () => {
    const account = new FakeAccount();
    const controller = new AbortController();
    const streams: HttpRequestSpec[] = [];
    const perform = (r: JmapYield): unknown => {
      if (r.type === 'wait') return undefined;
      const body = JSON.parse(r.request.body as string) as {
        methodCalls: [string, Record<string, unknown>, string][];
      };
      return {
        status: 200,
        headers: {},
        body: encoder.encode(JSON.stringify(account.answer(body.methodCalls))),
      };
    };
    const driver = {
      run: <T>(co: JmapCo<T>): Promise<T> => Promise.resolve(driveSync(co, perform)),
      perform: (): Promise<unknown> => Promise.resolve(undefined),
      stream: (spec: HttpRequestSpec): Promise<StreamingResponse> => {
        streams.push(spec);
        const first = streams.length === 1;
        async function* body(): AsyncGenerator<Uint8Array> {
          if (first) {
            account.deliver('e1');
            yield encoder.encode(': hello\n\n' + stateChange('ev1', account.state).slice(0, 20));
            yield encoder.encode(stateChange('ev1', account.state).slice(20));
            return; // the connection drops
          }
          if (!controller.signal.aborted) {
            await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
          }
        }
        if (!first) account.deliver('e2'); // arrives while we were disconnected
        return Promise.resolve({ status: 200, headers: {}, body: body(), cancel: () => undefined });
      },
    };
    const events: WatchEvent[] = [];
    const watch = watchMailbox({
      driver,
      session: () => Promise.resolve(context()),
      mailbox: 'INBOX',
      signal: controller.signal,
    });
    for await (const event of watch) {
      events.push(event);
      if (events.length === 2) controller.abort();
    }
    expect(events).toEqual([
      {
        type: 'added',
        mailbox: 'inbox1',
        envelope: expect.objectContaining({ id: 'e1', subject: 'subject e1' }),
      },
      {
        type: 'added',
        mailbox: 'inbox1',
        envelope: expect.objectContaining({ id: 'e2', subject: 'subject e2' }),
      },
    ]);
    expect(streams).toHaveLength(2);
    expect(streams[0]?.url).toBe(
      'http://127.0.0.1:8080/jmap/eventsource/?types=Email&closeafter=no&ping=30',
    );
    expect(streams[0]?.headers['last-event-id']).toBeUndefined();
    expect(streams[1]?.headers['last-event-id']).toBe('ev1');
  });

  it('a 401 on the event source ends the watch with ERR_AUTH', async () => {
    const account = new FakeAccount();
    const driver = {
      run: runOn(account),
      perform: (): Promise<unknown> => Promise.resolve(undefined),
      stream: (): Promise<StreamingResponse> =>
        Promise.resolve({
          status: 401,
          headers: {},
          body: (async function* () {})(),
          cancel: () => undefined,
        }),
    };
    const watch = watchMailbox({
      driver,
      session: () => Promise.resolve(context()),
      mailbox: 'INBOX',
      signal: undefined,
    });
    await expect(watch.next()).rejects.toMatchObject({ code: 'ERR_AUTH' });
  });

  it('only StateChanges with Email state for our account count', () => {
    const data = (changed: unknown): string => JSON.stringify({ '@type': 'StateChange', changed });
    expect(touchesEmail({ event: 'state', data: data({ u1: { Email: '2' } }) }, 'u1')).toBe(true);
    expect(touchesEmail({ event: 'state', data: data({ u1: { Mailbox: '2' } }) }, 'u1')).toBe(
      false,
    );
    expect(touchesEmail({ event: 'state', data: data({ other: { Email: '2' } }) }, 'u1')).toBe(
      false,
    );
    expect(touchesEmail({ event: 'ping', data: '{"interval":30}' }, 'u1')).toBe(false);
    expect(touchesEmail({ event: 'state', data: '{not json' }, 'u1')).toBe(false);
  });

  it('without an eventSourceUrl it polls the same diff', async () => {
    const account = new FakeAccount();
    const controller = new AbortController();
    const waits: number[] = [];
    const driver = {
      run: runOn(account),
      perform: (r: JmapYield): Promise<unknown> => {
        if (r.type === 'wait') waits.push(r.ms);
        if (waits.length === 2) account.deliver('polled');
        return Promise.resolve(undefined);
      },
      stream: (): Promise<StreamingResponse> =>
        Promise.reject(new Error('no event source expected')),
    };
    const ctx = context();
    delete ctx.session.eventSourceUrl;
    const events: WatchEvent[] = [];
    for await (const event of watchMailbox({
      driver,
      session: () => Promise.resolve(ctx),
      mailbox: 'INBOX',
      signal: controller.signal,
      pollIntervalMs: 1234,
    })) {
      events.push(event);
      controller.abort();
    }
    expect(events).toEqual([
      { type: 'added', mailbox: 'inbox1', envelope: expect.objectContaining({ id: 'polled' }) },
    ]);
    expect(waits).toEqual([1234, 1234]);
  });
});

describe('watchMailbox onReady', () => {
  it('comes once the event source is open; a change before it is caught up, none after a reconnect', async () => {
    const account = new FakeAccount();
    const controller = new AbortController();
    let streams = 0;
    const streamsAtReady: number[] = [];
    let dropFirst: () => void = () => undefined;
    const firstDropped = new Promise<void>((r) => (dropFirst = r));
    const driver = {
      run: runOn(account),
      perform: (): Promise<unknown> => Promise.resolve(undefined),
      stream: (): Promise<StreamingResponse> => {
        streams += 1;
        // Delivered after the baseline, before the stream is open: no StateChange will say so.
        if (streams === 1) account.deliver('gap');
        const first = streams === 1;
        async function* body(): AsyncGenerator<Uint8Array> {
          yield encoder.encode(': open\n\n');
          // The first stream stays open until the gap is reported, then drops (a reconnect).
          if (first) return await firstDropped;
          if (!controller.signal.aborted)
            await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
        }
        if (!first) account.deliver('later');
        return Promise.resolve({ status: 200, headers: {}, body: body(), cancel: () => undefined });
      },
    };
    const events: WatchEvent[] = [];
    const streamsAtEvent: number[] = [];
    for await (const event of watchMailbox({
      driver,
      session: () => Promise.resolve(context()),
      mailbox: 'INBOX',
      signal: controller.signal,
      reconnectMs: 0,
      onReady: () => streamsAtReady.push(streams),
    })) {
      events.push(event);
      streamsAtEvent.push(streams);
      dropFirst();
      if (events.length === 2) controller.abort();
    }
    expect(events.map((e) => e.type === 'added' && e.envelope.id)).toEqual(['gap', 'later']);
    // The gap is reported on the first connection, before onReady — not only after a reconnect.
    expect(streamsAtEvent).toEqual([1, 2]);
    expect(streamsAtReady).toEqual([1]);
    expect(streams).toBe(2);
  });

  it('an error thrown by onReady ends the watch with it (no reconnect)', async () => {
    const account = new FakeAccount();
    let streams = 0;
    const boom = new Error('thrown by the caller');
    const driver = {
      run: runOn(account),
      perform: (): Promise<unknown> => Promise.resolve(undefined),
      stream: (): Promise<StreamingResponse> => {
        streams += 1;
        return Promise.resolve({
          status: 200,
          headers: {},
          body: (async function* () {})(),
          cancel: () => undefined,
        });
      },
    };
    const watch = watchMailbox({
      driver,
      session: () => Promise.resolve(context()),
      mailbox: 'INBOX',
      signal: undefined,
      reconnectMs: 0,
      onReady: () => {
        throw boom;
      },
    });
    await expect(watch.next()).rejects.toBe(boom);
    expect(streams).toBe(1);
  });

  it('without an event source it comes right after the baseline', async () => {
    const account = new FakeAccount();
    const controller = new AbortController();
    let readyBeforeFirstWait = false;
    let waits = 0;
    let ready = false;
    const driver = {
      run: runOn(account),
      perform: (): Promise<unknown> => {
        if (waits === 0) readyBeforeFirstWait = ready;
        waits += 1;
        controller.abort();
        return Promise.resolve(undefined);
      },
      stream: (): Promise<StreamingResponse> => Promise.reject(new Error('no event source')),
    };
    const ctx = context();
    delete ctx.session.eventSourceUrl;
    const watch = watchMailbox({
      driver,
      session: () => Promise.resolve(ctx),
      mailbox: 'INBOX',
      signal: controller.signal,
      onReady: () => (ready = true),
    });
    expect(await watch.next()).toEqual({ done: true, value: undefined });
    expect(readyBeforeFirstWait).toBe(true);
  });
});
