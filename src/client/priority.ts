/**
 * Dispatch priorities (docs/email-client.md): storage Maildir → m2dir → JMAP → IMAP; sending JMAP → SMTP.
 * Lower runs first. Backends of other kinds go after the known ones unless given a priority.
 */
import type { Operation } from '../shared/backend.js';

const STORAGE: Record<string, number> = { maildir: 10, m2dir: 20, jmap: 30, imap: 40 };
const SENDING: Record<string, number> = { jmap: 10, smtp: 20 };
const OTHER = 100;

export function defaultPriority(kind: string, operation: Operation): number {
  const table = operation === 'sendMessage' ? SENDING : STORAGE;
  return table[kind] ?? OTHER;
}
