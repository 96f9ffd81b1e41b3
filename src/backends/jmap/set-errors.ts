/**
 * Per-object SetErrors (RFC 8620 §5.3): every failed id is reported in `details.errors`
 * (id → {type, description}); the code follows the error type so callers can branch on it.
 */
import { MailError, type ErrorCode } from '../../shared/errors.js';
import type { SetError, SetResponse } from './schemas.js';

type SetKind = 'create' | 'update' | 'destroy';

const FIELD = { create: 'notCreated', update: 'notUpdated', destroy: 'notDestroyed' } as const;

function codeFor(type: string): ErrorCode {
  if (type === 'notFound') return 'ERR_NOT_FOUND';
  if (type === 'alreadyExists') return 'ERR_EXISTS';
  if (type === 'overQuota' || type === 'tooLarge' || type === 'rateLimit') return 'ERR_LIMIT';
  if (type === 'forbidden' || type === 'forbiddenFrom' || type === 'forbiddenToSend')
    return 'ERR_AUTH';
  if (type === 'invalidProperties' || type === 'invalidPatch') return 'ERR_INVALID_ARGUMENT';
  return 'ERR_JMAP_METHOD';
}

export function setFailures(set: SetResponse, kind: SetKind): Record<string, SetError> {
  return set[FIELD[kind]] ?? {};
}

/** Throw when any object of `kind` failed; the message names the first, details list them all. */
export function checkSet(set: SetResponse, method: string, kind: SetKind): void {
  const failures = setFailures(set, kind);
  const ids = Object.keys(failures);
  const first = ids[0];
  if (first === undefined) return;
  throw setError(method, kind, failures, first);
}

export function setError(
  method: string,
  kind: SetKind,
  failures: Record<string, SetError>,
  first: string,
): MailError {
  const error = failures[first] as SetError;
  const errors: Record<string, { type: string; description?: string }> = {};
  for (const [id, e] of Object.entries(failures)) {
    errors[id] =
      e.description === undefined ? { type: e.type } : { type: e.type, description: e.description };
  }
  const more =
    Object.keys(failures).length > 1 ? ` (and ${Object.keys(failures).length - 1} more)` : '';
  const text = error.description === undefined ? '' : `: ${error.description}`;
  return new MailError(
    codeFor(error.type),
    `${method} ${kind} ${first} failed with ${error.type}${text}${more}`,
    {
      details: { method, type: error.type, errors },
    },
  );
}
