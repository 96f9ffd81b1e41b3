/**
 * A registered backend: built lazily (so `mailroom` does not load undici or nodemailer until a
 * JMAP or SMTP backend is used), ordered by priority per operation.
 */
import type { Backend, Operation } from '../shared/backend.js';
import { MailError } from '../shared/errors.js';
import { defaultPriority } from './priority.js';

export interface RegisterOptions {
  /** Overrides the kind's default priority for every operation (lower runs first). */
  priority?: number;
  /**
   * Backends registered with the same `account` are views of one account — a Maildir kept in
   * step with an IMAP account by `mailroom sync`, or the IMAP and JMAP faces of one server. A
   * storage call falls over only between views, and only when it names no message ids or state
   * (docs/email-client.md "One client, one account"). Default: the registration's own name, so
   * no two backends are views of each other unless declared.
   */
  account?: string;
}

export class Registration {
  private instance: Promise<Backend> | undefined;

  constructor(
    readonly name: string,
    readonly kind: string,
    private readonly build: () => Backend | Promise<Backend>,
    private readonly options: RegisterOptions,
    readonly order: number,
  ) {}

  /** The account this backend is a view of (see RegisterOptions.account). */
  get account(): string {
    return this.options.account ?? this.name;
  }

  priority(operation: Operation): number {
    return this.options.priority ?? defaultPriority(this.kind, operation);
  }

  backend(): Promise<Backend> {
    this.instance ??= Promise.resolve().then(this.build);
    return this.instance;
  }

  /** The backend if it was ever built (close() must not build one just to close it). */
  built(): Promise<Backend> | undefined {
    return this.instance;
  }
}

export function sortedFor(
  registrations: readonly Registration[],
  operation: Operation,
): Registration[] {
  return [...registrations].sort(
    (a, b) => a.priority(operation) - b.priority(operation) || a.order - b.order,
  );
}

export function duplicateName(name: string): MailError {
  return new MailError('ERR_INVALID_ARGUMENT', `a backend named '${name}' is already registered`, {
    hint: 'pass { name } to give the second backend its own name',
  });
}
