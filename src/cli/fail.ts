/**
 * Errors → what a person sees and the exit code: 0 ok, 1 error, 2 usage (bad arguments, a
 * malformed search query). The MailError code and hint are printed; a stack only with --debug.
 */
import { MailError } from '../shared/errors.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  if (
    error instanceof MailError &&
    (error.code === 'ERR_INVALID_ARGUMENT' || error.code === 'ERR_PARSE')
  ) {
    return EXIT_USAGE;
  }
  return EXIT_ERROR;
}

export function describeError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof MailError) {
    lines.push(`mailroom: ${error.code}: ${error.message}`);
    if (error.hint !== undefined) lines.push(`  hint: ${error.hint}`);
  } else if (error instanceof UsageError) {
    lines.push(`mailroom: ${error.message}`, `  run 'mailroom --help' for usage`);
  } else {
    lines.push(
      `mailroom: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(error.stack);
  return lines.join('\n');
}
