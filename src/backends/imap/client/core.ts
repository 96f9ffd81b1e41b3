/**
 * Runs command generators on one connection (docs/architecture.md, The request/reply protocol): a FIFO queue (one command on the wire
 * at a time), the request performer, per-read inactivity timeouts, AbortSignal support and
 * typed events. Cancellation only abandons a result: the generator always runs to its tagged
 * completion, so the framing is never corrupted. Errors that leave the stream in an unknown
 * state (timeouts, TLS, framing) close the connection; every queued call then fails with
 * ERR_CONNECTION_CLOSED.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import { abortError } from '../../../shared/coroutine.js';
import type { CommandEvent, ImapCoroutine, ImapRequest } from '../commands/run.js';
import type { IdleReadReply } from '../commands/idle.js';
import type { ImapEvent } from '../events.js';
import { ImapSession } from '../session.js';
import type { ImapTransport } from '../transport.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** Inactivity limit for this call (each wait for server data). */
  timeoutMs?: number;
}

export interface ConnectionOptions {
  /** Default inactivity limit per server read, ms. Default 120 000. */
  commandTimeoutMs?: number;
}

type EventType = ImapEvent['type'];
type Listener<T extends EventType> = (event: Extract<ImapEvent, { type: T }>) => void;

/** Errors of the byte stream itself: after one, nothing more can be read or written reliably. */
const TRANSPORT_ERRORS = new Set(['ERR_CONNECTION_CLOSED', 'ERR_TIMEOUT', 'ERR_TLS', 'ERR_IO']);

/**
 * Whether an error that ended a coroutine leaves the connection unusable. A command cut off
 * between its first byte and its tagged completion leaves the stream out of step
 * (`session.inStep`); so does a framing error (`details.fatal`) or a transport failure. An
 * error raised in step — a NO, a drop reported after the completion, an operation's own check
 * (not found, unsupported, a forged COPYUID), a caller's callback — leaves it usable.
 */
function isConnectionFatal(error: unknown, session: ImapSession): boolean {
  if (!session.inStep) return true;
  if (!(error instanceof MailError)) return false;
  return TRANSPORT_ERRORS.has(error.code) || error.details.fatal === true;
}

export class ConnectionCore {
  readonly session = new ImapSession();
  protected readonly commandTimeoutMs: number;
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private idleStop: AbortController | undefined;
  private unboundActive: (() => void) | undefined;
  private closedError: MailError | undefined;
  private readonly listeners = new Map<string, Set<(event: ImapEvent) => void>>();

  constructor(
    protected readonly transport: ImapTransport,
    options: ConnectionOptions = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 120_000;
    this.session.secure = transport.secure;
    this.session.listener = (event) => this.emit(event);
    transport.onClose((error) => {
      this.closedError ??= new MailError('ERR_CONNECTION_CLOSED', 'the connection is closed', {
        ...(error === undefined ? {} : { cause: error }),
      });
      this.emit({ type: 'close', ...(error === undefined ? {} : { reason: error.message }) });
    });
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  /** Subscribe to one event type, or '*' for all; returns the unsubscribe function. */
  on<T extends EventType>(type: T, listener: Listener<T>): () => void;
  on(type: '*', listener: (event: ImapEvent) => void): () => void;
  on(type: string, listener: (event: never) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    const l = listener as (event: ImapEvent) => void;
    set.add(l);
    return () => set.delete(l);
  }

  protected emit(event: ImapEvent): void {
    for (const type of [event.type, '*']) {
      for (const l of this.listeners.get(type) ?? []) {
        try {
          l(event);
        } catch {
          // a listener's bug must not break the protocol engine
        }
      }
    }
  }

  /**
   * Queue a command generator. `onEvent` receives its streamed results (FETCH) and may return
   * a promise to apply backpressure; `unbound` is called when another call queues up behind it.
   */
  run<T>(
    co: ImapCoroutine<T>,
    options: CallOptions = {},
    stream?: { onEvent: (event: CommandEvent) => Promise<void> | undefined; unbound: () => void },
  ): Promise<T> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    // Someone is waiting: end an IDLE, and let a FETCH being iterated buffer its rest.
    this.idleStop?.abort();
    this.unboundActive?.();
    this.waiting += 1;
    const { signal } = options;
    const started = this.tail.then(async () => {
      this.waiting -= 1;
      if (signal?.aborted === true) throw abortError(signal);
      if (this.closedError !== undefined) throw this.closedError;
      this.unboundActive = stream?.unbound;
      if (this.waiting > 0) stream?.unbound();
      try {
        return await this.drive(co, options, stream?.onEvent);
      } finally {
        this.unboundActive = undefined;
      }
    });
    this.tail = started.catch(() => undefined);
    if (signal === undefined) return started;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      started.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async drive<T>(
    co: ImapCoroutine<T>,
    options: CallOptions,
    onEvent: ((event: CommandEvent) => Promise<void> | undefined) | undefined,
  ): Promise<T> {
    try {
      let step = co.next();
      while (step.done !== true) {
        let reply: unknown;
        try {
          // most event requests complete synchronously: no promise/microtask per message
          reply = this.perform(step.value, options, onEvent);
          if (reply instanceof Promise) reply = await reply;
        } catch (error) {
          step = co.throw(error);
          continue;
        }
        step = co.next(reply);
      }
      return step.value;
    } catch (error) {
      if (isConnectionFatal(error, this.session)) this.fail(error);
      throw error;
    }
  }

  /** Tear the connection down after a fatal error. */
  protected fail(error: unknown): void {
    this.closedError ??=
      error instanceof MailError && error.code === 'ERR_CONNECTION_CLOSED'
        ? error
        : new MailError('ERR_CONNECTION_CLOSED', 'the connection was closed after an error', {
            cause: error,
          });
    this.transport.destroy();
  }

  /**
   * One read with an inactivity limit. The timer is cleared as soon as the read returns:
   * `AbortSignal.timeout()` would keep a live timer per read for the whole `ms` (120 s), and a
   * streamed 200 MiB body makes ~50 000 reads — tens of MiB of timers kept alive for nothing.
   */
  private async readWithTimeout(ms: number): Promise<Uint8Array> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), ms);
    let chunk: Uint8Array | null;
    try {
      chunk = await this.transport.read(timeout.signal);
    } finally {
      clearTimeout(timer);
    }
    if (chunk === null)
      throw new MailError('ERR_TIMEOUT', `no answer from the server within ${ms} ms`);
    return chunk;
  }

  private async idleRead(ms: number): Promise<IdleReadReply> {
    if (this.waiting > 0) return 'stop';
    const stop = new AbortController();
    this.idleStop = stop;
    const timer = setTimeout(() => stop.abort('timeout'), ms);
    try {
      const chunk = await this.transport.read(stop.signal);
      if (chunk !== null) return chunk;
      return stop.signal.reason === 'timeout' ? 'timeout' : 'stop';
    } finally {
      clearTimeout(timer);
      this.idleStop = undefined;
    }
  }

  /** Ask a running IDLE to send DONE. */
  protected stopIdle(): void {
    this.idleStop?.abort();
  }

  private perform(
    request: ImapRequest,
    options: CallOptions,
    onEvent: ((event: CommandEvent) => Promise<void> | undefined) | undefined,
  ): unknown {
    switch (request.type) {
      case 'write':
        return this.transport.write(request.bytes);
      case 'read':
        return this.readWithTimeout(options.timeoutMs ?? this.commandTimeoutMs);
      case 'idleRead':
        return this.idleRead(request.ms);
      case 'startTls':
        return this.transport.startTls();
      case 'compress':
        return this.transport.compress();
      case 'now':
        return Date.now();
      case 'random':
        return this.transport.random(request.length);
      case 'wait':
        return new Promise<void>((resolve) => setTimeout(resolve, request.ms));
      case 'event': {
        const event = request.event;
        if (event.type === 'fetchResult' || event.type === 'bodyChunk') return onEvent?.(event);
        this.emit(event);
        return undefined;
      }
    }
  }

  /** Wait for everything queued so far. */
  protected drain(): Promise<unknown> {
    return this.tail;
  }

  protected isClosedError(error: unknown): boolean {
    return isMailError(error, 'ERR_CONNECTION_CLOSED');
  }
}
