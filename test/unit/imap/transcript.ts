/**
 * Transcript replay for command generators. A transcript is `C:` (client bytes, CRLF added),
 * `S:` (server bytes, CRLF added) and `X:` (driver directive for IDLE: `stop` / `timeout`)
 * lines; `#` starts a comment. The client's writes must equal the `C:` bytes exactly and in
 * order; server bytes are only handed over once the client has sent everything before them
 * (causality), cut at the block ends plus an extra cut at `split` (replay at every split).
 */
import { MailError } from '../../../src/shared/errors.js';
import { injectionError } from '../../../src/backends/imap/commands/starttls.js';
import type { ImapCoroutine, ImapRequest } from '../../../src/backends/imap/commands/run.js';

type Step = { kind: 'C' | 'S'; bytes: Buffer } | { kind: 'X'; directive: 'stop' | 'timeout' };

export function parseTranscript(text: string): Step[] {
  const steps: Step[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^\s*([CSX]): ?(.*)$/.exec(line);
    if (m === null) throw new Error(`bad transcript line: ${line}`);
    const [, kind, body = ''] = m;
    if (kind === 'X') {
      steps.push({ kind: 'X', directive: body.trim() === 'timeout' ? 'timeout' : 'stop' });
      continue;
    }
    const bytes = Buffer.from(`${body}\r\n`, 'utf8');
    const last = steps[steps.length - 1];
    if (last !== undefined && last.kind !== 'X' && last.kind === kind)
      last.bytes = Buffer.concat([last.bytes, bytes]);
    else steps.push({ kind: kind as 'C' | 'S', bytes });
  }
  return steps;
}

export interface ReplayResult<T> {
  result?: T;
  error?: unknown;
  events: unknown[];
  upgrades: string[];
  written: string;
}

/** Run `make()` against the transcript; `split` adds a chunk boundary at that server offset. */
export function replay<T>(text: string, make: () => ImapCoroutine<T>, split = -1): ReplayResult<T> {
  const steps = parseTranscript(text);
  const events: unknown[] = [];
  const upgrades: string[] = [];
  let written = Buffer.alloc(0);
  let stepIndex = 0;
  let cOffset = 0; // bytes of the current C step already matched
  let sOffset = 0; // bytes of the current S step already delivered
  let serverPos = 0; // global offset in the server stream
  const advancePastWrites = (): void => {
    const step = steps[stepIndex];
    if (step?.kind === 'C' && cOffset === step.bytes.length) {
      stepIndex += 1;
      cOffset = 0;
    }
  };
  const perform = (request: ImapRequest): unknown => {
    switch (request.type) {
      case 'write': {
        const bytes = Buffer.from(request.bytes);
        written = Buffer.concat([written, bytes]);
        let i = 0;
        while (i < bytes.length) {
          const step = steps[stepIndex];
          if (step?.kind !== 'C')
            throw new Error(
              `client wrote ${JSON.stringify(bytes.subarray(i).toString())} but the transcript expects ${step?.kind ?? 'end'}`,
            );
          const n = Math.min(step.bytes.length - cOffset, bytes.length - i);
          const want = step.bytes.subarray(cOffset, cOffset + n).toString('latin1');
          const got = bytes.subarray(i, i + n).toString('latin1');
          if (want !== got)
            throw new Error(
              `client wrote ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
            );
          cOffset += n;
          i += n;
          advancePastWrites();
        }
        return undefined;
      }
      case 'read':
      case 'idleRead': {
        const step = steps[stepIndex];
        if (step === undefined) return new Uint8Array(0); // EOF
        if (step.kind === 'X') {
          if (request.type !== 'idleRead') throw new Error('X: directive outside IDLE');
          stepIndex += 1;
          return step.directive;
        }
        if (step.kind === 'C')
          throw new Error(
            `client waits for the server but should send ${JSON.stringify(step.bytes.subarray(cOffset).toString())}`,
          );
        let end = step.bytes.length;
        const globalEnd = serverPos + (end - sOffset);
        if (split > serverPos && split < globalEnd) end = sOffset + (split - serverPos);
        const chunk = step.bytes.subarray(sOffset, end);
        serverPos += chunk.length;
        sOffset = end;
        if (sOffset === step.bytes.length) {
          stepIndex += 1;
          sOffset = 0;
        }
        return chunk;
      }
      case 'random':
        return new Uint8Array(request.length).fill(7);
      case 'now':
        return 0;
      case 'event':
        events.push(request.event);
        return undefined;
      case 'startTls': {
        // like the driver: bytes that already arrived before the handshake are injection
        const step = steps[stepIndex];
        if (step?.kind === 'S' && sOffset < step.bytes.length) throw injectionError();
        upgrades.push(request.type);
        return undefined;
      }
      case 'compress':
        upgrades.push(request.type);
        return undefined;
      case 'wait':
        return undefined;
    }
  };
  const co = make();
  const out: ReplayResult<T> = { events, upgrades, written: '' };
  try {
    let step = co.next();
    while (step.done !== true) {
      let reply: unknown;
      try {
        reply = perform(step.value);
      } catch (error) {
        if (error instanceof MailError) {
          step = co.throw(error);
          continue;
        }
        throw error;
      }
      step = co.next(reply);
    }
    out.result = step.value;
    const rest = steps.slice(stepIndex).filter((s) => s.kind === 'C');
    if (rest.length > 0)
      throw new Error(
        `client did not send ${JSON.stringify(rest[0]?.kind === 'C' ? rest[0].bytes.toString() : '')}`,
      );
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    out.error = error;
  }
  out.written = written.toString('latin1');
  return out;
}

/** Server stream length, for iterating every split point. */
export function serverLength(text: string): number {
  return parseTranscript(text).reduce((n, s) => n + (s.kind === 'S' ? s.bytes.length : 0), 0);
}

/**
 * Replay at every split point (plus no extra split) and check they all agree; returns the
 * unsplit outcome. `fresh` must build a new session each time.
 */
export function replayAll<T>(text: string, make: () => ImapCoroutine<T>): ReplayResult<T> {
  const base = replay(text, make);
  const total = serverLength(text);
  const key = (r: ReplayResult<T>): string =>
    JSON.stringify(
      {
        r: r.result,
        e: r.error instanceof MailError ? [r.error.code, r.error.message] : String(r.error ?? ''),
        ev: r.events,
        u: r.upgrades,
        w: r.written,
      },
      (_k, v: unknown) =>
        typeof v === 'bigint'
          ? `${v}n`
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('latin1')
            : isBufferJson(v)
              ? Buffer.from(v.data).toString('latin1')
              : v,
    );
  const want = key(base);
  for (let split = 1; split < total; split++) {
    const got = key(replay(text, make, split));
    if (got !== want)
      throw new Error(`split at ${split} changed the outcome:\n${got}\n!=\n${want}`);
  }
  return base;
}

function isBufferJson(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((v as { data?: unknown }).data)
  );
}
