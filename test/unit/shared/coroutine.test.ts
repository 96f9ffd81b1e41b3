import { describe, expect, it } from 'vitest';
import {
  abortError,
  callSignal,
  drive,
  driveSync,
  mapResult,
  type Coroutine,
} from '../../../src/shared/coroutine.js';
import { MailError } from '../../../src/shared/errors.js';

type Req = { type: 'ask'; n: number } | { type: 'fail' };

/** Sums the replies to three asks; a failing request is caught and counted as -100. */
function* summer(): Coroutine<Req, number, number> {
  let total = 0;
  for (let n = 1; n <= 3; n++) total += yield { type: 'ask', n };
  try {
    total += yield { type: 'fail' };
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    total -= 100;
  }
  return total;
}

const perform = (r: Req): number => {
  if (r.type === 'fail') throw new MailError('ERR_IO', 'boom');
  return r.n * 10;
};

describe('drive / driveSync', () => {
  it('driveSync feeds replies back and returns the result', () => {
    expect(driveSync(summer(), perform)).toBe(60 - 100);
  });

  it('drive does the same with an async performer', async () => {
    const seen: Req[] = [];
    const result = await drive(summer(), async (r) => {
      seen.push(r);
      await Promise.resolve();
      return perform(r);
    });
    expect(result).toBe(-40);
    expect(seen.map((r) => r.type)).toEqual(['ask', 'ask', 'ask', 'fail']);
  });

  it('an error the coroutine does not catch propagates', async () => {
    function* noCatch(): Coroutine<Req, number, number> {
      return yield { type: 'fail' };
    }
    expect(() => driveSync(noCatch(), perform)).toThrow('boom');
    await expect(drive(noCatch(), perform)).rejects.toMatchObject({ code: 'ERR_IO' });
  });

  it('the coroutine can translate a thrown error', () => {
    function* translate(): Coroutine<Req, number, number> {
      try {
        return yield { type: 'fail' };
      } catch {
        throw new MailError('ERR_PROTOCOL', 'translated');
      }
    }
    expect(() => driveSync(translate(), perform)).toThrow(
      expect.objectContaining({ code: 'ERR_PROTOCOL' }),
    );
  });

  it('a coroutine that never yields returns at once', () => {
    // eslint-disable-next-line require-yield
    function* immediate(): Coroutine<Req, string, number> {
      return 'done';
    }
    expect(
      driveSync(immediate(), () => {
        throw new Error('not called');
      }),
    ).toBe('done');
  });

  it('abort stops before the next request and runs the coroutine cleanup', async () => {
    const controller = new AbortController();
    let cleanedUp = false;
    function* endless(): Coroutine<Req, number, number> {
      try {
        for (;;) yield { type: 'ask', n: 1 };
      } finally {
        cleanedUp = true;
      }
    }
    let calls = 0;
    const run = drive(
      endless(),
      (r) => {
        calls += 1;
        if (calls === 3) controller.abort();
        return perform(r);
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(calls).toBe(3);
    expect(cleanedUp).toBe(true);
  });

  it('an already-aborted signal performs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      drive(summer(), (r) => (calls++, perform(r)), controller.signal),
    ).rejects.toBeInstanceOf(MailError);
    expect(calls).toBe(0);
  });

  it('mapResult maps the return value through yield*', () => {
    expect(
      driveSync(
        mapResult(summer(), (n) => `total ${n}`),
        perform,
      ),
    ).toBe('total -40');
  });
});

describe('abortError / callSignal', () => {
  it('abortError keeps a MailError reason and wraps anything else as ERR_ABORTED', () => {
    const c1 = new AbortController();
    const reason = new MailError('ERR_TIMEOUT', 't');
    c1.abort(reason);
    expect(abortError(c1.signal)).toBe(reason);
    const c2 = new AbortController();
    c2.abort('why');
    expect(abortError(c2.signal)).toMatchObject({ code: 'ERR_ABORTED' });
  });

  it('without timeoutMs returns the caller signal unchanged', () => {
    const c = new AbortController();
    expect(callSignal({ signal: c.signal }).signal).toBe(c.signal);
    expect(callSignal().signal).toBeUndefined();
  });

  it('timeoutMs aborts with ERR_TIMEOUT', async () => {
    const { signal, dispose } = callSignal({ timeoutMs: 20 });
    await new Promise((r) => signal?.addEventListener('abort', r, { once: true }));
    expect(abortError(signal as AbortSignal)).toMatchObject({ code: 'ERR_TIMEOUT' });
    dispose();
  });

  it('a drive under a timed-out signal rejects with ERR_TIMEOUT', async () => {
    const { signal, dispose } = callSignal({ timeoutMs: 20 });
    const slow = (r: Req): Promise<number> =>
      new Promise((resolve) => setTimeout(() => resolve(perform(r)), 15));
    await expect(drive(summer(), slow, signal)).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    dispose();
  });

  it('the caller abort is forwarded with its reason; dispose clears the timer', async () => {
    const c = new AbortController();
    const { signal, dispose } = callSignal({ signal: c.signal, timeoutMs: 30 });
    c.abort('user');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe('user');
    dispose();

    const quiet = callSignal({ timeoutMs: 10 });
    quiet.dispose();
    await new Promise((r) => setTimeout(r, 30));
    expect(quiet.signal?.aborted).toBe(false);
  });

  it('an already-aborted caller signal yields an aborted combined signal', () => {
    const c = new AbortController();
    c.abort();
    const { signal, dispose } = callSignal({ signal: c.signal, timeoutMs: 1000 });
    expect(signal?.aborted).toBe(true);
    dispose();
  });
});
