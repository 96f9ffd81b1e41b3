/**
 * A streamed FETCH body as a Node Readable (also an AsyncIterable of Buffers). Backpressure:
 * while the Readable's buffer is above its high-water mark the driver is held on the current
 * piece, so it stops reading the socket and TCP pushes back — memory stays bounded by the
 * high-water mark plus one transport read. Destroying the stream (or breaking out of
 * `for await`) only abandons the bytes: the command still reads up to its tagged completion,
 * discarding them, so the connection stays usable. When another call queues up behind the
 * stream the bound is lifted (the rest is buffered) so a consumer awaiting that call inside
 * its read loop never deadlocks — the same rule as `fetch()`.
 */
import { Readable } from 'node:stream';
import { MailError } from '../../../shared/errors.js';
import type { BodyStreamResult } from '../commands/fetch-body-stream.js';
import type { CommandEvent } from '../commands/run.js';

export interface BodyStreamSink {
  readonly readable: Readable;
  onEvent(event: CommandEvent): Promise<void> | undefined;
  unbound(): void;
  /** Settle the stream with the command's outcome. */
  finish(outcome: Promise<BodyStreamResult>, what: string): void;
}

export function createBodyStream(highWaterMark = 256 * 1024): BodyStreamSink {
  let wake: (() => void) | undefined;
  let abandoned = false;
  let bounded = true;
  const release = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const readable = new Readable({
    highWaterMark,
    read: release,
    destroy(error, callback) {
      abandoned = true;
      release();
      callback(error);
    },
  });
  return {
    readable,
    onEvent(event) {
      if (event.type !== 'bodyChunk' || abandoned) return undefined;
      if (readable.push(event.bytes) || !bounded) return undefined;
      return new Promise<void>((resolve) => {
        wake = resolve;
      });
    },
    unbound() {
      bounded = false;
      release();
    },
    finish(outcome, what) {
      outcome.then(
        (result) => {
          if (abandoned) return;
          if (result.found) readable.push(null);
          else
            readable.destroy(
              new MailError('ERR_NOT_FOUND', `${what}: the server returned no such message`, {
                backend: 'imap',
              }),
            );
        },
        (error: unknown) => {
          if (!abandoned) readable.destroy(error as Error);
        },
      );
    },
  };
}
