/**
 * MailError: the one error type mailroom throws (docs/errors.md). `code` is stable API; messages are
 * for people and never contain secrets.
 */
export const ERROR_CODES = [
  'ERR_NO_BACKEND',
  'ERR_UNSUPPORTED',
  'ERR_INVALID_ARGUMENT',
  'ERR_NOT_FOUND',
  'ERR_EXISTS',
  'ERR_AUTH',
  'ERR_TLS',
  'ERR_STARTTLS_REQUIRED',
  'ERR_STARTTLS_INJECTION',
  'ERR_TIMEOUT',
  'ERR_ABORTED',
  'ERR_CONNECTION',
  'ERR_CONNECTION_CLOSED',
  'ERR_PROTOCOL',
  'ERR_PARSE',
  'ERR_LIMIT',
  'ERR_HTTP',
  'ERR_JMAP_METHOD',
  'ERR_CHECKSUM',
  'ERR_CONFIG',
  'ERR_SEND_REJECTED',
  'ERR_IO',
  /** A second sync of the same account pair while one runs (docs/sync.md). */
  'ERR_LOCKED',
  /** A sync refused by a safety guard: mass deletion (docs/sync.md "Safety"). */
  'ERR_SYNC_GUARD',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface MailErrorOptions {
  backend?: string;
  cause?: unknown;
  /** Machine-readable details: IMAP response code, HTTP status, JMAP error type, rejected ids… */
  details?: Record<string, unknown>;
  /** What the user can do about it (the CLI prints it). */
  hint?: string;
}

export class MailError extends Error {
  override readonly name = 'MailError';
  readonly code: ErrorCode;
  readonly backend: string | undefined;
  readonly details: Record<string, unknown>;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: MailErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.backend = options.backend;
    this.details = options.details ?? {};
    this.hint = options.hint;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.backend === undefined ? {} : { backend: this.backend }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

export function isMailError(value: unknown, code?: ErrorCode): value is MailError {
  return value instanceof MailError && (code === undefined || value.code === code);
}

/** Wrap anything thrown into a MailError, keeping MailErrors as they are. */
export function toMailError(
  value: unknown,
  fallback: ErrorCode,
  message: string,
  backend?: string,
): MailError {
  if (value instanceof MailError) return value;
  return new MailError(
    fallback,
    `${message}: ${value instanceof Error ? value.message : String(value)}`,
    {
      cause: value,
      ...(backend === undefined ? {} : { backend }),
    },
  );
}

/**
 * The one place `MailError.backend` is set for callers: each backend's call gate (and the
 * client's dispatch) passes every error through here with the backend's name — the name it
 * was registered under (docs/errors.md). Lower layers may have written their kind ('imap');
 * the registered name wins. Anything that is not a MailError passes through unchanged.
 */
export function attributeError(error: unknown, name: string): unknown {
  if (error instanceof MailError && error.backend !== name) {
    (error as { backend: string | undefined }).backend = name;
  }
  return error;
}
