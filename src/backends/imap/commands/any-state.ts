/** Commands valid in any state (RFC 9051 §6.1): CAPABILITY, NOOP, LOGOUT; plus ID (RFC 2971). */
import type { ImapSession } from '../session.js';
import { atom, list, nstring, string } from './args.js';
import { execute, type ImapCoroutine } from './run.js';
import { encode } from '../wire-io.js';
import { MailError } from '../../../shared/errors.js';

/** CAPABILITY (RFC 9051 §6.1.1): replaces the session's list. */
export function* capability(session: ImapSession): ImapCoroutine<string[]> {
  yield* execute(session, 'CAPABILITY', []);
  return [...session.capabilities];
}

/** NOOP (RFC 9051 §6.1.2): polls for untagged updates (delivered as session events). */
export function* noop(session: ImapSession): ImapCoroutine<void> {
  yield* execute(session, 'NOOP', []);
}

/** LOGOUT (RFC 9051 §6.1.3): BYE then OK; a server that just closes is fine too. */
export function* logout(session: ImapSession): ImapCoroutine<void> {
  try {
    yield* execute(session, 'LOGOUT', []);
  } catch (error) {
    if (!(error instanceof MailError && error.code === 'ERR_CONNECTION_CLOSED')) throw error;
  }
  session.state = 'logout';
  session.selected = undefined;
}

/**
 * LOGOUT without reading its answer: the last command of a connection that is going away. The
 * server answers BYE and OK and closes (RFC 9051 §6.1.3); nothing in them changes what the
 * client knows, and waiting for them costs a round trip at the end of every short-lived run
 * (50 ms through 25 ms of latency each way). The tag stays open: the connection is released
 * (ImapTransport.release), never used again.
 */
export function* sendLogout(session: ImapSession): ImapCoroutine<void> {
  const { segments } = encode(session.nextTag(), 'LOGOUT', [], session.encoderCapabilities());
  for (const segment of segments) yield { type: 'write', bytes: session.outgoing(segment.bytes) };
  session.state = 'logout';
  session.selected = undefined;
}

/** ID (RFC 2971 §3.1): send our fields (or NIL), return the server's. */
export function* id(
  session: ImapSession,
  fields: Record<string, string> | null,
): ImapCoroutine<Record<string, string | null> | null> {
  const entries = fields === null ? [] : Object.entries(fields).slice(0, 30);
  const arg =
    entries.length === 0
      ? nstring(null)
      : list(entries.flatMap(([k, v]) => [string(k.slice(0, 30)), string(v.slice(0, 1024))]));
  let result: Record<string, string | null> | null = null;
  yield* execute(session, 'ID', [arg], {
    untagged: (r) => {
      if (r.type === 'id') result = r.params === null ? null : { ...r.params };
      return undefined;
    },
  });
  return result;
}

/**
 * ENABLE without a round trip of its own: the command goes out in the same write as the next
 * command and its answer is consumed when it arrives (session.sendAhead). The extensions count
 * as enabled at once — a server that advertises ENABLE and an extension enables it when asked
 * (RFC 5161 §3.1) — and are dropped again if the ENABLE is refused. Only for extensions whose
 * effect starts with a later command (CONDSTORE, QRESYNC: RFC 7162 §3.2.3), not UTF8=ACCEPT,
 * which changes how the answers are decoded.
 */
export function deferEnable(session: ImapSession, extensions: readonly string[]): void {
  const tag = session.reserveTag();
  const args = extensions.map((e) => atom(e));
  const { segments } = encode(tag, 'ENABLE', args, session.encoderCapabilities());
  const names = extensions.map((e) => e.toUpperCase());
  for (const name of names) session.enabled.add(name);
  session.sendAhead(tag, Buffer.concat(segments.map((s) => s.bytes)), (ok) => {
    if (!ok) for (const name of names) session.enabled.delete(name);
  });
}

/** ENABLE (RFC 5161): returns what the server actually enabled. */
export function* enable(
  session: ImapSession,
  extensions: readonly string[],
): ImapCoroutine<string[]> {
  const enabled: string[] = [];
  yield* execute(
    session,
    'ENABLE',
    extensions.map((e) => atom(e)),
    {
      untagged: (r) => {
        if (r.type === 'enabled') enabled.push(...r.capabilities.map((c) => c.toUpperCase()));
        return undefined;
      },
    },
  );
  return enabled;
}
