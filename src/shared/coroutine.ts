/**
 * The coroutine protocol (docs/architecture.md, The request/reply protocol). A coroutine is a generator that yields requests and gets
 * the answer back through `next(reply)`; it never touches a socket, a file, a clock or
 * randomness itself, so the same logic runs under any driver and in tests from recordings.
 */
import { MailError } from './errors.js';

export type Coroutine<Request, Result, Reply = unknown> = Generator<Request, Result, Reply>;

// ---- requests every family shares ---------------------------------------------------------

export interface NowRequest {
  type: 'now';
} // reply: number (ms since epoch)
export interface RandomRequest {
  type: 'random';
  length: number;
} // reply: Uint8Array
export interface WaitRequest {
  type: 'wait';
  ms: number;
} // reply: undefined
export interface EventRequest<E = unknown> {
  type: 'event';
  event: E;
} // reply: undefined

export type CommonRequest = NowRequest | RandomRequest | WaitRequest;

// ---- byte streams (IMAP, SMTP-like) ----------------------------------------------------------

export interface WriteRequest {
  type: 'write';
  bytes: Uint8Array;
} // reply: undefined
/** reply: the next chunk; an empty chunk means EOF. */
export interface ReadRequest {
  type: 'read';
}
export interface StartTlsRequest {
  type: 'startTls';
}
export interface CompressRequest {
  type: 'compress';
}

export type StreamRequest<E = unknown> =
  WriteRequest | ReadRequest | StartTlsRequest | CompressRequest | CommonRequest | EventRequest<E>;

// ---- HTTP (JMAP) -----------------------------------------------------------------------------

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The URL that answered, after redirects. */
  url?: string;
}
export interface HttpRequest {
  type: 'http';
  request: HttpRequestSpec;
} // reply: HttpResponse

// ---- filesystem (Maildir, m2dir): batched so a driver can run them concurrently --------------

export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}
export interface FileStat {
  size: number;
  mtimeMs: number;
  kind: 'file' | 'dir' | 'other';
}

/** reply: (DirEntry[] | null)[] — null where the directory does not exist. */
export interface ReadDirRequest {
  type: 'readDir';
  paths: string[];
}
/** reply: (Uint8Array | null)[] — null where the file does not exist; at most maxBytes each. */
export interface ReadFileRequest {
  type: 'readFile';
  paths: string[];
  maxBytes?: number;
  /**
   * The caller only needs the RFC 5322 header block (a listing): a performer may stop after the
   * empty line that ends it. Ignoring this flag is always correct.
   */
  headerBlock?: boolean;
  /**
   * The paths the caller will ask for next (same maxBytes): a performer may start reading them
   * now, to overlap disk with the caller's parsing. Ignoring it is always correct.
   */
  readAhead?: string[];
}
/** Create exclusively (fails with ERR_EXISTS if present), write, fsync. reply: undefined */
export interface WriteFileRequest {
  type: 'writeFile';
  path: string;
  bytes: Uint8Array;
  /** Set the file's modification time (m2dir keeps a message's receivedAt there). */
  mtimeMs?: number;
  /**
   * false: skip the fsync — for files that may be lost in a crash without harm (a cache that
   * is validated on read). Default true: mail is never acknowledged before it is on disk.
   */
  sync?: boolean;
}
/** reply: boolean[] — false where the source no longer exists. */
export interface RenameRequest {
  type: 'rename';
  pairs: [from: string, to: string][];
}
/** Hard-link (no overwrite). reply: boolean[] — false where the source no longer exists. */
export interface LinkRequest {
  type: 'link';
  pairs: [from: string, to: string][];
}
/** Files, or directories recursively when `recursive`. reply: boolean[] — false if absent. */
export interface RemoveRequest {
  type: 'remove';
  paths: string[];
  recursive?: boolean;
}
/** mkdir -p. reply: undefined */
export interface MkdirRequest {
  type: 'mkdir';
  paths: string[];
}
/** reply: (FileStat | null)[] */
export interface StatRequest {
  type: 'stat';
  paths: string[];
}
/** fsync files or directories (to make renames durable). reply: undefined */
export interface FsyncRequest {
  type: 'fsync';
  paths: string[];
}
export interface PidRequest {
  type: 'pid';
} // reply: number
export interface HostnameRequest {
  type: 'hostname';
} // reply: string

export type FsRequest =
  | ReadDirRequest
  | ReadFileRequest
  | WriteFileRequest
  | RenameRequest
  | LinkRequest
  | RemoveRequest
  | MkdirRequest
  | StatRequest
  | FsyncRequest
  | PidRequest
  | HostnameRequest
  | CommonRequest;

// ---- driving ------------------------------------------------------------------------------

/**
 * Run a coroutine to completion, performing each request with `perform`. Errors thrown by
 * `perform` are thrown into the coroutine (so it can clean up or translate them).
 */
export async function drive<Request, Result, Reply>(
  co: Coroutine<Request, Result, Reply>,
  perform: (request: Request) => Reply | Promise<Reply>,
  signal?: AbortSignal,
): Promise<Result> {
  let step = co.next(undefined as Reply);
  while (!step.done) {
    if (signal?.aborted) {
      co.return(undefined as Result);
      throw abortError(signal);
    }
    let reply: Reply;
    try {
      reply = await untilAborted(perform(step.value), signal);
    } catch (error) {
      step = co.throw(error);
      continue;
    }
    step = co.next(reply);
  }
  return step.value;
}

/** Resolve with `value`, or reject as soon as `signal` aborts (a hung request cannot hang us). */
export function untilAborted<T>(
  value: T | Promise<T>,
  signal: AbortSignal | undefined,
): T | Promise<T> {
  if (signal === undefined || !(value instanceof Promise)) return value;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Same as `drive` for synchronous performers (tests, recorded transcripts). */
export function driveSync<Request, Result, Reply>(
  co: Coroutine<Request, Result, Reply>,
  perform: (request: Request) => Reply,
): Result {
  let step = co.next(undefined as Reply);
  while (!step.done) {
    let reply: Reply;
    try {
      reply = perform(step.value);
    } catch (error) {
      step = co.throw(error);
      continue;
    }
    step = co.next(reply);
  }
  return step.value;
}

/** Run an inner coroutine from an outer one: `const r = yield* delegate(inner)` is just yield*. */
export function* mapResult<Request, A, B, Reply>(
  co: Coroutine<Request, A, Reply>,
  fn: (a: A) => B,
): Coroutine<Request, B, Reply> {
  return fn(yield* co);
}

export function abortError(signal: AbortSignal): MailError {
  const reason: unknown = signal.reason;
  if (reason instanceof MailError) return reason;
  return new MailError('ERR_ABORTED', 'the operation was aborted', { cause: reason });
}

/**
 * Combine a caller's signal and a timeout into one signal. The timeout aborts with
 * ERR_TIMEOUT; `dispose` clears the timer.
 */
export function callSignal(options: { signal?: AbortSignal; timeoutMs?: number } = {}): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  const { signal, timeoutMs } = options;
  if (timeoutMs === undefined) return { signal, dispose: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new MailError('ERR_TIMEOUT', `the operation timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = (): void => {
    controller.abort(signal?.reason);
  };
  if (signal?.aborted === true) controller.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
