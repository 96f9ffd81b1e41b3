/**
 * A minimal line-oriented TCP/TLS client for the server smoke tests (IMAP, SMTP, LMTP are all
 * CRLF-terminated line protocols). Keeps a transcript so a failure shows what was said.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

const TIMEOUT_MS = 10_000;

export class LineClient {
  readonly transcript: string[];
  private buffer = '';
  private readonly lines: string[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.buffer += chunk.toString('latin1');
    let eol: number;
    while ((eol = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, eol).replace(/\r$/, '');
      this.buffer = this.buffer.slice(eol + 1);
      this.transcript.push(`S: ${line}`);
      this.lines.push(line);
    }
    this.wake?.();
  };
  private readonly onEnd = (): void => this.fail(new Error('connection closed by server'));
  private readonly onError = (err: Error): void => this.fail(err);

  constructor(
    readonly socket: Socket | TLSSocket,
    transcript: string[] = [],
  ) {
    this.transcript = transcript;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  static open(host: string, port: number, tls?: ConnectionOptions): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = tls ? tlsConnect({ host, port, ...tls }) : connect({ host, port });
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        socket.off('error', reject);
        resolve(new LineClient(socket));
      });
      socket.once('error', reject);
    });
  }

  send(line: string, shown: string = line): void {
    this.transcript.push(`C: ${shown}`);
    this.socket.write(`${line}\r\n`);
  }

  /** Lines up to and including the first one matching `last`. */
  async until(last: RegExp): Promise<string[]> {
    const deadline = Date.now() + TIMEOUT_MS;
    const taken: string[] = [];
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        taken.push(line);
        if (last.test(line)) return taken;
        continue;
      }
      if (this.failure) throw this.explain(this.failure.message);
      if (Date.now() > deadline) throw this.explain(`timed out waiting for ${String(last)}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 100);
      });
      this.wake = undefined;
    }
  }

  /** The line matching `last` (see until). */
  async reply(last: RegExp): Promise<string> {
    const lines = await this.until(last);
    return lines[lines.length - 1] ?? '';
  }

  /** STARTTLS: hands the plain socket to TLS; returns the client to continue with. */
  upgrade(options: ConnectionOptions): Promise<LineClient> {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    return new Promise((resolve, reject) => {
      const secure = tlsConnect({ socket: this.socket, ...options });
      secure.once('secureConnect', () => {
        secure.off('error', reject);
        resolve(new LineClient(secure, this.transcript));
      });
      secure.once('error', reject);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }

  private explain(message: string): Error {
    return new Error(`${message}\n${this.transcript.join('\n')}`);
  }
}
