/**
 * Mailbox management (RFC 9051 §6.3.4–§6.3.8): CREATE (with RFC 6154 §5.3 USE), DELETE,
 * RENAME, SUBSCRIBE, UNSUBSCRIBE; NAMESPACE (RFC 2342).
 */
import type { ImapSession } from '../session.js';
import type { CommandValue, NamespaceDescriptor } from '../wire/types.js';
import { atom, flagList, list, mailbox } from './args.js';
import { execute, type ImapCoroutine } from './run.js';

export interface CreateOptions {
  /** Special-use attributes for CREATE-SPECIAL-USE (RFC 6154 §3), e.g. ['\\Sent']. */
  specialUse?: readonly string[];
}

export function* create(
  session: ImapSession,
  name: string,
  options: CreateOptions = {},
): ImapCoroutine<void> {
  const args: CommandValue[] = [mailbox(name)];
  const use = options.specialUse ?? [];
  if (use.length > 0) args.push(list([atom('USE'), flagList(use)]));
  yield* execute(session, 'CREATE', args);
}

export function* deleteMailbox(session: ImapSession, name: string): ImapCoroutine<void> {
  yield* execute(session, 'DELETE', [mailbox(name)]);
}

export function* rename(session: ImapSession, from: string, to: string): ImapCoroutine<void> {
  yield* execute(session, 'RENAME', [mailbox(from), mailbox(to)]);
}

export function* subscribe(session: ImapSession, name: string): ImapCoroutine<void> {
  yield* execute(session, 'SUBSCRIBE', [mailbox(name)]);
}

export function* unsubscribe(session: ImapSession, name: string): ImapCoroutine<void> {
  yield* execute(session, 'UNSUBSCRIBE', [mailbox(name)]);
}

export interface Namespaces {
  personal: readonly NamespaceDescriptor[];
  other: readonly NamespaceDescriptor[];
  shared: readonly NamespaceDescriptor[];
}

export function* namespace(session: ImapSession): ImapCoroutine<Namespaces> {
  const result: Namespaces = { personal: [], other: [], shared: [] };
  yield* execute(session, 'NAMESPACE', [], {
    untagged: (r) => {
      if (r.type === 'namespace') {
        result.personal = r.personal ?? [];
        result.other = r.other ?? [];
        result.shared = r.shared ?? [];
      }
      return undefined;
    },
  });
  return result;
}
