/**
 * What the connection needs from the byte transport (implemented by driver.ts over node:net /
 * node:tls / node:zlib, or by tests in memory). Kept I/O-free so client code can be tested.
 */
export interface ImapTransport {
  /**
   * Next bytes received (everything buffered, at least one byte), or an empty array at EOF.
   * Resolves `null` when `signal` fires first. Reading drains the buffer; the transport stops
   * reading from the socket while its buffer is full (backpressure).
   */
  read(signal?: AbortSignal): Promise<Uint8Array | null>;
  write(bytes: Uint8Array): Promise<void>;
  /** Upgrade to TLS in place; throws ERR_STARTTLS_INJECTION if bytes were buffered. */
  startTls(): Promise<void>;
  /** Start RFC 4978 DEFLATE in both directions. */
  compress(): Promise<void>;
  /** Random bytes (SASL nonces). */
  random(length: number): Uint8Array;
  readonly secure: boolean;
  /** Close gracefully (FIN); resolves once closed (forcibly after a short grace period). */
  close(): Promise<void>;
  /**
   * Half-close (FIN) once what was written is flushed, and stop holding the process open: the
   * peer's last answer is not awaited (a short-lived program exits without waiting a round
   * trip). Optional: a transport without it is closed with close().
   */
  release?(): void;
  /** Close immediately. */
  destroy(error?: Error): void;
  /** Called once when the transport is gone. */
  onClose(listener: (error?: Error) => void): void;
}
