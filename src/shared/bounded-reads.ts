/**
 * Bounded reads of many files (the hot path of listing a 100k-message folder), shared by the
 * local-store drivers like fs-performer.ts: a node:fs module, not a coroutine.
 *
 * - Each file is read synchronously straight into the free tail of an arena (one large buffer),
 *   and the reply is a view of the bytes kept, so a batch costs a few allocations instead of one
 *   buffer per file; short runs of open/read/close beat one promise round trip per syscall.
 * - `readAhead` (ReadFileRequest): the next batch's paths are read by a worker thread while the
 *   caller parses this batch, so disk and parsing overlap. It is a hint: the worker's result is
 *   used only when the next request asks for exactly those paths; any path the worker could not
 *   read (other than "does not exist") is read again here so errors are reported the same way.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { ReadFileRequest } from './coroutine.js';
import { MailError } from './errors.js';
import { findHeaderEnd } from './mime/headers.js';

const ARENA_BYTES = 1 << 20;
/** Files read between two yields to the event loop. */
const READ_SLICE = 128;
/** Batches smaller than this are not worth a worker round trip. */
const MIN_READ_AHEAD = 64;
/**
 * A thread costs ~20 MB and tens of milliseconds to start, and on a busy machine it competes
 * with the parser for the same cores: only listings past this many files use it.
 */
const READ_AHEAD_AFTER = 20_000;
/** Read-ahead of paths × maxBytes beyond this is not worth the worker's scratch copies. */
const MAX_READ_AHEAD_BYTES = 32 << 20;

type Reply = (Uint8Array | null)[];

/** bytes → the header block only, when asked (§2.2 RFC 5322: up to the empty line). */
function keep(bytes: Uint8Array, headerBlock: boolean): Uint8Array {
  const end = headerBlock ? findHeaderEnd(bytes) : -1;
  return end === -1 ? bytes : bytes.subarray(0, end);
}

class Arena {
  private buffer = Buffer.allocUnsafe(0);
  private used = 0;

  /** At most `maxBytes` of `path`; null when it does not exist. */
  read(path: string, maxBytes: number, headerBlock: boolean): Uint8Array | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new MailError('ERR_IO', `open ${path} failed (${code ?? 'unknown'})`, { cause: e });
    }
    try {
      if (this.buffer.length - this.used < maxBytes) {
        this.buffer = Buffer.allocUnsafe(Math.max(ARENA_BYTES, maxBytes));
        this.used = 0;
      }
      const start = this.used;
      let filled = 0;
      for (;;) {
        const want = maxBytes - filled;
        const n = readSync(fd, this.buffer, start + filled, want, filled);
        filled += n;
        // A short read of a regular file is its end: no second call to learn that.
        if (n === 0 || n < want) break;
      }
      const kept = keep(this.buffer.subarray(start, start + filled), headerBlock);
      this.used = start + kept.length;
      return kept;
    } catch (e) {
      throw new MailError('ERR_IO', `read ${path} failed`, { cause: e });
    } finally {
      closeSync(fd);
    }
  }
}

async function readHere(paths: readonly string[], maxBytes: number, headerBlock: boolean) {
  const arena = new Arena();
  const out: Reply = [];
  for (let i = 0; i < paths.length; i++) {
    if (i > 0 && i % READ_SLICE === 0) await yieldToLoop();
    out.push(arena.read(paths[i] as string, maxBytes, headerBlock));
  }
  return out;
}

/**
 * The worker: reads each path into a scratch buffer and packs what is kept (the header block
 * when `headerBlock`: up to the first empty line, CRLF or LF) into one transferable buffer;
 * answers with each file's [start, end) (start -1: does not exist, -2: failed — the caller
 * reads that path again itself, so errors surface the same way as without a worker).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
// The main thread's own findHeaderEnd (self-contained), so both sides cut header blocks alike.
const findHeaderEnd = ${findHeaderEnd.toString()};
// Reused across batches: this thread allocates little else, so its GC seldom runs and
// per-batch buffers would pile up. Only the exact-size copy sent back is new each time.
let scratch = Buffer.allocUnsafe(0);
let packed = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, paths, maxBytes, headerBlock }) => {
  if (scratch.length < maxBytes) scratch = Buffer.allocUnsafe(maxBytes);
  let used = 0;
  const ranges = new Int32Array(paths.length * 2);
  for (let i = 0; i < paths.length; i++) {
    let fd;
    try { fd = openSync(paths[i], 'r'); } catch (e) {
      ranges[2 * i] = e && (e.code === 'ENOENT' || e.code === 'ENOTDIR') ? -1 : -2;
      continue;
    }
    let filled = 0;
    try {
      for (;;) {
        const want = maxBytes - filled;
        const n = readSync(fd, scratch, filled, want, filled);
        filled += n;
        if (n === 0 || n < want) break;
      }
    } catch { ranges[2 * i] = -2; continue; } finally { closeSync(fd); }
    const end = headerBlock ? findHeaderEnd(scratch.subarray(0, filled)) : -1;
    const kept = end === -1 ? filled : end;
    if (used + kept > packed.length) {
      const bigger = Buffer.allocUnsafe(Math.max(packed.length * 2, used + kept));
      packed.copy(bigger, 0, 0, used);
      packed = bigger;
    }
    scratch.copy(packed, used, 0, kept);
    ranges[2 * i] = used;
    ranges[2 * i + 1] = used + kept;
    used += kept;
  }
  const buffer = packed.buffer.slice(packed.byteOffset, packed.byteOffset + used);
  parentPort.postMessage({ id, buffer, ranges }, [buffer]);
});
parentPort.postMessage({ ready: true });
`;

interface WorkerAnswer {
  id: number;
  buffer: ArrayBuffer;
  ranges: Int32Array;
}

interface ReadAhead {
  paths: readonly string[];
  maxBytes: number;
  headerBlock: boolean;
  answer: Promise<WorkerAnswer | undefined>;
}

/** One reader thread per process, started on first use, never keeping the process alive. */
class ReadAheadWorker {
  private worker: Worker | undefined;
  private ready = false;
  private failed = false;
  private spawning = false;
  private nextId = 0;
  private readonly waiting = new Map<number, (a: WorkerAnswer | undefined) => void>();

  /** Start reading `paths`; undefined when no worker is available (yet). */
  start(paths: readonly string[], maxBytes: number, headerBlock: boolean): ReadAhead | undefined {
    if (this.failed) return undefined;
    if (this.worker === undefined) this.spawn();
    if (!this.ready || this.worker === undefined) return undefined;
    const id = this.nextId++;
    const answer = new Promise<WorkerAnswer | undefined>((resolve) => {
      this.waiting.set(id, resolve);
    });
    this.worker.ref(); // an answer is due: the process must wait for it
    this.worker.postMessage({ id, paths, maxBytes, headerBlock });
    return { paths, maxBytes, headerBlock, answer };
  }

  /** Loaded on first use: listings of small folders never load node:worker_threads. */
  private spawn(): void {
    if (this.spawning) return;
    this.spawning = true;
    import('node:worker_threads').then(
      ({ Worker }) => this.started(() => new Worker(WORKER_SOURCE, { eval: true })),
      () => this.fail(),
    );
  }

  private started(create: () => Worker): void {
    try {
      const worker = create();
      worker.unref();
      worker.on('message', (m: WorkerAnswer | { ready: true }) => {
        if ('ready' in m) {
          this.ready = true;
          return;
        }
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
        if (this.waiting.size === 0) worker.unref();
      });
      worker.on('error', () => this.fail());
      worker.on('exit', () => this.fail());
      this.worker = worker;
    } catch {
      this.fail();
    }
  }

  /** No worker from now on; pending read-aheads resolve empty and are read again here. */
  private fail(): void {
    this.failed = true;
    this.worker = undefined;
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}

const worker = new ReadAheadWorker();

function samePaths(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The worker's answer as a reply; paths it could not read are read here. */
function fromAnswer(
  answer: WorkerAnswer,
  paths: readonly string[],
  maxBytes: number,
  headerBlock: boolean,
): Reply {
  const arena = new Arena();
  return paths.map((path, i) => {
    const start = answer.ranges[2 * i] as number;
    if (start === -1) return null;
    if (start < 0) return arena.read(path, maxBytes, headerBlock);
    const end = answer.ranges[2 * i + 1] as number;
    return new Uint8Array(answer.buffer, start, end - start);
  });
}

/**
 * Performs bounded ReadFileRequests (`maxBytes` set) for one coroutine run: keeps at most one
 * read-ahead in flight and uses it when the next request matches it.
 */
export class BoundedReader {
  private ahead: ReadAhead | undefined;
  /** Replies served by the read-ahead worker (diagnostics, tests). */
  aheadHits = 0;
  private pathsRead = 0;

  /** `readAheadAfter`: files read by this run before the worker is worth starting. */
  constructor(private readonly readAheadAfter = READ_AHEAD_AFTER) {}

  async read(request: ReadFileRequest & { maxBytes: number }): Promise<Reply> {
    const { paths, maxBytes } = request;
    const headerBlock = request.headerBlock === true;
    const pending = this.ahead;
    const matches =
      pending !== undefined &&
      pending.maxBytes === maxBytes &&
      pending.headerBlock === headerBlock &&
      samePaths(pending.paths, paths);
    const next = request.readAhead;
    // A request that neither uses nor replaces the read-ahead (a retry) leaves it in flight.
    if (matches || next !== undefined) this.ahead = undefined;
    this.pathsRead += paths.length;
    if (
      next !== undefined &&
      this.pathsRead >= this.readAheadAfter &&
      next.length >= MIN_READ_AHEAD &&
      next.length * maxBytes <= MAX_READ_AHEAD_BYTES
    )
      this.ahead = worker.start(next, maxBytes, headerBlock);
    if (matches) {
      const answer = await pending.answer;
      if (answer !== undefined) {
        this.aheadHits++;
        return fromAnswer(answer, paths, maxBytes, headerBlock);
      }
    }
    return readHere(paths, maxBytes, headerBlock);
  }
}
