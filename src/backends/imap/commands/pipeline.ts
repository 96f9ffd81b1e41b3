/**
 * Pipelining (RFC 9051 §5.5): send several independent commands in one write, then read
 * their completions. Only for commands whose untagged data is attributable — every server
 * answers a pipeline in order, so untagged data before command N's tagged completion belongs
 * to the earliest command still open. Commands that would wait for a `+` (synchronising
 * literals) are not pipelined: the batch then runs one command at a time.
 */
import { MailError } from '../../../shared/errors.js';
import { commandFailed, type ImapSession } from '../session.js';
import { encode } from '../wire-io.js';
import type { CommandValue, TaggedResponse, UntaggedResponse } from '../wire/types.js';
import { droppedDuring, execute, readResponse, type ImapCoroutine } from './run.js';

export interface PipelinedCommand<T> {
  name: string;
  args: readonly CommandValue[];
  /** Untagged data attributed to this command. */
  untagged?: (response: UntaggedResponse) => void;
  /** The command's result from its OK completion (and whatever `untagged` collected). */
  result: (done: TaggedResponse) => T;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: MailError };

function settle<T>(
  session: ImapSession,
  command: PipelinedCommand<T>,
  done: TaggedResponse,
  dropped: number,
): Settled<T> {
  if (done.status !== 'OK') return { ok: false, error: commandFailed(command.name, done) };
  // The run.ts drop rule: pipelined commands are ones whose untagged data is their result.
  if (dropped > 0) return { ok: false, error: droppedDuring(session, command.name, dropped) };
  return { ok: true, value: command.result(done) };
}

/** A per-command failure after its tagged completion: the session is still in step. */
function commandLevel(error: unknown): error is MailError {
  return (
    error instanceof MailError &&
    (error.code === 'ERR_PROTOCOL' || typeof error.details['dropped'] === 'number')
  );
}

function* sequential<T>(
  session: ImapSession,
  commands: readonly PipelinedCommand<T>[],
): ImapCoroutine<Settled<T>[]> {
  const out: Settled<T>[] = [];
  for (const command of commands) {
    try {
      const done = yield* execute(session, command.name, command.args, {
        untagged: (r) => {
          command.untagged?.(r);
          return undefined;
        },
      });
      out.push({ ok: true, value: command.result(done) });
    } catch (error) {
      if (!commandLevel(error)) throw error;
      out.push({ ok: false, error });
    }
  }
  return out;
}

export function* pipeline<T>(
  session: ImapSession,
  commands: readonly PipelinedCommand<T>[],
): ImapCoroutine<Settled<T>[]> {
  const caps = session.encoderCapabilities();
  const encoded = commands.map((command) => encode('A0', command.name, command.args, caps));
  if (encoded.some((e) => e.segments.some((s) => s.waitForContinuation)))
    return yield* sequential(session, commands);
  const tags = commands.map(() => session.nextTag());
  const results: (Settled<T> | undefined)[] = commands.map(() => undefined);
  // Responses skipped before command N's completion belong to the earliest open command,
  // like the untagged data around them (answers come in order).
  const dropped = commands.map(() => 0);
  // Each tag is completed when its tagged answer is read; an error before that leaves the
  // stream out of step (session.inStep).
  const bytes = commands.map((command, i) =>
    encode(tags[i] as string, command.name, command.args, caps),
  );
  const wire = Buffer.concat(bytes.flatMap((e) => e.segments.map((s) => s.bytes)));
  yield { type: 'write', bytes: session.outgoing(wire) };
  let open = 0; // earliest command without its completion
  let remaining = commands.length;
  while (remaining > 0) {
    const droppedBefore = session.droppedResponses;
    const response = yield* readResponse(session);
    if (open < commands.length)
      dropped[open] = (dropped[open] ?? 0) + session.droppedResponses - droppedBefore;
    if (response.kind === 'continuation') {
      session.emit({
        type: 'protocolError',
        message: 'ignored a continuation request during a pipeline',
      });
      continue;
    }
    if (response.kind === 'untagged') {
      session.apply(response);
      commands[open]?.untagged?.(response);
      continue;
    }
    const index = tags.indexOf(response.tag);
    if (index < 0 || results[index] !== undefined) {
      session.emit({
        type: 'protocolError',
        message: `ignored a tagged ${response.status} for an unknown tag`,
      });
      continue;
    }
    session.applyCompletion(response);
    const command = commands[index] as PipelinedCommand<T>;
    results[index] = settle(session, command, response, dropped[index] ?? 0);
    session.complete(response.tag);
    remaining -= 1;
    while (open < commands.length && results[open] !== undefined) open += 1;
  }
  return results as Settled<T>[];
}
