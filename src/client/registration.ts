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
