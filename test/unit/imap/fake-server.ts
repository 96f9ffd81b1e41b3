/**
 * An in-memory ImapTransport driven by a scripted server: `onLine(line, push)` sees each
 * client line (literal bytes included as they come) and pushes server bytes. Lets the client
 * layer (queue, abort, timeouts, FETCH backpressure) be tested without sockets.
 */
import { MailError } from '../../../src/shared/errors.js';
import type { ImapTransport } from '../../../src/backends/imap/transport.js';

export class FakeTransport implements ImapTransport {
  secure = true;
  written: string[] = [];
  private chunks: Uint8Array[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private closeListeners: ((error?: Error) => void)[] = [];

  constructor(private readonly onLine: (line: string, push: (text: string) => void) => void) {}

  push = (text: string): void => {
    this.chunks.push(Buffer.from(text, 'latin1'));
    const w = this.wake;
    this.wake = undefined;
    w?.();
  };

  async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    // A function, not a narrowed property: the signal can abort while we await.
    const aborted = (): boolean => signal?.aborted === true;
    while (this.chunks.length === 0) {
      if (this.ended) return new Uint8Array(0);
      if (aborted()) return null;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      if (aborted() && this.chunks.length === 0) return null;
    }
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.ended) throw new MailError('ERR_CONNECTION_CLOSED', 'closed');
    const text = Buffer.from(bytes).toString('latin1');
    for (const line of text.split(/(?<=\r\n)/)) {
      if (line === '') continue;
      this.written.push(line);
      this.onLine(line, this.push);
    }
  }

  startTls(): Promise<void> {
    return Promise.resolve();
  }
  compress(): Promise<void> {
    return Promise.resolve();
  }
  random(length: number): Uint8Array {
    return new Uint8Array(length);
  }
  close(): Promise<void> {
    this.destroy();
    return Promise.resolve();
  }
  destroy(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.wake?.();
    for (const l of this.closeListeners) l(error);
  }
  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }
}

/** Tag of a client command line. */
export const tagOf = (line: string): string => line.split(' ')[0] ?? '';
