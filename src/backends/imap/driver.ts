/**
 * The IMAP backend's only I/O: TCP (node:net), TLS (node:tls, implicit or STARTTLS), DEFLATE
 * (node:zlib, RFC 4978) and randomness. Exposes an ImapTransport; everything protocol-level
 * lives in the I/O-free session and command generators.
 */
import { tlsCa } from '../../shared/tls-ca.js';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Duplex, Readable } from 'node:stream';
import { MailError } from '../../shared/errors.js';
import type { TlsOptions } from '../../shared/config.js';
import { injectionError } from './commands/starttls.js';
import type { ImapTransport } from './transport.js';

/** Stop reading from the socket while this much is buffered and unread (backpressure). */
const HIGH_WATER = 256 * 1024;
const EMPTY = new Uint8Array(0);

export interface SocketOptions {
  host: string;
  port: number;
  /** Implicit TLS (imaps, port 993). */
  secure: boolean;
  tls?: TlsOptions | undefined;
  connectMs?: number | undefined;
}

function tlsOptions(host: string, options: TlsOptions | undefined): tls.ConnectionOptions {
  const servername = options?.servername ?? (net.isIP(host) === 0 ? host : undefined);
  return {
    ...(servername === undefined ? {} : { servername }),
    ...(options?.ca === undefined ? {} : { ca: tlsCa(options.ca) }),
    rejectUnauthorized: options?.rejectUnauthorized ?? true,
    minVersion: 'TLSv1.2',
  };
}

function socketError(error: unknown, what: string): MailError {
  const e = error as NodeJS.ErrnoException;
  const tlsLike = typeof e.code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/.test(e.code);
  return new MailError(tlsLike ? 'ERR_TLS' : 'ERR_CONNECTION', `${what}: ${e.message}`, {
    cause: error,
    ...(e.code === undefined ? {} : { details: { code: e.code } }),
  });
}

const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

class StreamTransport implements ImapTransport {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private input!: Readable;
  private output: (bytes: Uint8Array) => boolean;
  private closeListeners: ((error?: Error) => void)[] = [];
  private closed = false;
  /** The DEFLATE stream once COMPRESS is on (its output reaches the socket asynchronously). */
  private deflate: zlib.DeflateRaw | undefined;
  /** The TCP socket under any TLS layer: what holds the process open. */
  private readonly raw: Duplex;
  secure: boolean;

  constructor(
    private socket: Duplex,
    secure: boolean,
    private readonly upgrade?: (socket: Duplex) => Promise<Duplex>,
  ) {
    this.secure = secure;
    this.raw = socket;
    this.output = (bytes) => this.socket.write(bytes);
    this.attach(socket);
    socket.on('close', () => this.finish());
    socket.on('error', (error) => {
      this.failure ??= error;
      this.finish(error);
    });
  }

  private readonly onData = (chunk: Uint8Array): void => {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered > HIGH_WATER) this.input.pause();
    this.notify();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.notify();
  };

  private attach(input: Readable): void {
    this.input = input;
    input.on('data', this.onData);
    input.on('end', this.onEnd);
  }

  private detach(): void {
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private finish(error?: Error): void {
    this.ended = true;
    this.notify();
    if (this.closed) return;
    this.closed = true;
    for (const l of this.closeListeners) l(error);
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closed) listener(this.failure);
    else this.closeListeners.push(listener);
  }

  async read(signal?: AbortSignal): Promise<Uint8Array | null> {
    while (this.chunks.length === 0) {
      if (this.ended) {
        if (this.failure !== undefined) throw socketError(this.failure, 'connection failed');
        return EMPTY;
      }
      if (signal?.aborted === true) return null;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
      if (isAborted(signal) && this.chunks.length === 0) return null;
    }
    const out =
      this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    if (this.input.isPaused()) this.input.resume();
    return out;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new MailError('ERR_CONNECTION_CLOSED', 'the connection is closed');
    if (!this.output(bytes)) {
      // Both listeners go when either fires: a 'close' listener left behind by every write
      // that met backpressure piled up (MaxListenersExceededWarning after 10 big APPENDs).
      const socket = this.socket;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.once('drain', done);
        socket.once('close', done);
      });
    }
  }

  async startTls(): Promise<void> {
    // Anything received after the tagged OK and before the handshake is injected plaintext.
    if (this.buffered > 0) throw injectionError();
    if (this.upgrade === undefined)
      throw new MailError('ERR_UNSUPPORTED', 'this transport cannot start TLS');
    this.detach();
    this.socket = await this.upgrade(this.socket);
    this.output = (bytes) => this.socket.write(bytes);
    this.attach(this.socket);
    this.socket.on('error', (error) => this.finish(error));
    this.secure = true;
  }

  async compress(): Promise<void> {
    const inflate = zlib.createInflateRaw();
    const deflate = zlib.createDeflateRaw();
    const socket = this.socket;
    const pending = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    this.detach();
    for (const c of pending) inflate.write(c);
    socket.pipe(inflate);
    inflate.on('error', (error) => socket.destroy(error));
    deflate.on('data', (d: Buffer) => socket.write(d));
    this.deflate = deflate;
    this.attach(inflate);
    this.output = (bytes) => {
      deflate.write(bytes);
      // RFC 4978 §4: flush after each command so the server sees it now
      deflate.flush(zlib.constants.Z_SYNC_FLUSH);
      return true;
    };
    await Promise.resolve();
  }

  random(length: number): Uint8Array {
    return randomBytes(length);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.onClose(() => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 2000).unref();
    });
  }

  release(): void {
    if (this.closed) return;
    const socket = this.socket;
    // Under COMPRESS the last bytes leave the deflater asynchronously: end the socket after it.
    if (this.deflate === undefined) socket.end();
    else this.deflate.once('end', () => socket.end()).end();
    // The kernel still sends what was handed to it, and the FIN, after the process exits.
    for (const s of new Set([socket, this.raw])) (s as Duplex & { unref?: () => void }).unref?.();
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  destroy(error?: Error): void {
    this.socket.destroy(error);
  }
}

function upgradeSocket(host: string, options: TlsOptions | undefined) {
  return (socket: Duplex): Promise<Duplex> =>
    new Promise((resolve, reject) => {
      const secure = tls.connect({ ...tlsOptions(host, options), socket });
      secure.once('secureConnect', () => resolve(secure));
      secure.once('error', (e) => reject(socketError(e, 'TLS handshake failed')));
    });
}

/** Connect TCP (+ implicit TLS) with a connect timeout and TCP keepalive. */
export function connectSocket(options: SocketOptions): Promise<ImapTransport> {
  const { host, port, secure } = options;
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host, port, ...tlsOptions(host, options.tls) })
      : net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new MailError(
          'ERR_TIMEOUT',
          `connecting to ${host}:${port} timed out after ${options.connectMs} ms`,
        ),
      );
    }, options.connectMs ?? 30_000);
    socket.setKeepAlive(true, 60_000);
    socket.setNoDelay(true);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(new StreamTransport(socket, secure, upgradeSocket(host, options.tls)));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(socketError(error, `cannot connect to ${host}:${port}`));
    });
  });
}

/** Wrap a caller-supplied, already connected duplex stream (layer 2 of the API). */
export function transportFromStream(
  stream: Duplex,
  options: { secure?: boolean; host?: string; tls?: TlsOptions } = {},
): ImapTransport {
  const upgrade = options.host === undefined ? undefined : upgradeSocket(options.host, options.tls);
  return new StreamTransport(stream, options.secure ?? false, upgrade);
}
