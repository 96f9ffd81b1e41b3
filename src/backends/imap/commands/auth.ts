/**
 * Authentication: LOGIN (RFC 9051 §6.2.3), AUTHENTICATE with SASL and SASL-IR (RFC 9051
 * §6.2.2, RFC 4959), UNAUTHENTICATE (RFC 8437). Credentials travel as sensitive values
 * (redacted from logs) and never appear in errors. Capabilities are re-read afterwards unless
 * the server sent them in the tagged OK.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import type { SaslClient } from '../sasl/types.js';
import type { ImapSession } from '../session.js';
import { capability } from './any-state.js';
import { astring, atom } from './args.js';
import { execute, type ImapCoroutine } from './run.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const line = (text: string): Uint8Array => new TextEncoder().encode(`${text}\r\n`);

function authFailed(error: unknown, mechanism: string): unknown {
  if (!isMailError(error, 'ERR_PROTOCOL')) return error;
  return new MailError(
    'ERR_AUTH',
    `authentication failed (${mechanism}): ${String(error.details.text ?? '')}`.trim(),
    {
      cause: error,
      details: error.details,
    },
  );
}

function* afterAuthentication(session: ImapSession): ImapCoroutine<void> {
  session.state = 'authenticated';
  if (!session.capabilitiesFresh) yield* capability(session);
}

export function* login(session: ImapSession, user: string, password: string): ImapCoroutine<void> {
  if (session.hasCapability('LOGINDISABLED'))
    throw new MailError('ERR_AUTH', 'the server disabled the LOGIN command (LOGINDISABLED)', {
      hint: 'use TLS or a SASL mechanism',
    });
  session.capabilitiesFresh = false;
  try {
    yield* execute(session, 'LOGIN', [
      astring(user, { sensitive: true }),
      astring(password, { sensitive: true }),
    ]);
  } catch (error) {
    throw authFailed(error, 'LOGIN');
  }
  yield* afterAuthentication(session);
}

export interface AuthenticateOptions {
  /** Send the initial response inline (RFC 4959). Default: when SASL-IR is advertised. */
  initialResponse?: boolean;
}

export function* authenticate(
  session: ImapSession,
  mechanism: SaslClient,
  options: AuthenticateOptions = {},
): ImapCoroutine<void> {
  const random =
    mechanism.nonceBytes > 0
      ? ((yield { type: 'random', length: mechanism.nonceBytes }) as Uint8Array)
      : new Uint8Array(0);
  let pending = mechanism.initial(random);
  const inline = pending !== null && (options.initialResponse ?? session.hasCapability('SASL-IR'));
  const args = [atom(mechanism.name)];
  if (inline && pending !== null) {
    // RFC 4959 §3: a zero-length initial response is sent as "=".
    args.push(atom(pending.length === 0 ? '=' : b64(pending)));
    pending = null;
  }
  let mechanismError: unknown;
  session.capabilitiesFresh = false;
  try {
    yield* execute(session, 'AUTHENTICATE', args, {
      continuation: (c) => {
        if (mechanismError !== undefined) return line('*');
        try {
          if (pending !== null) {
            const first = pending;
            pending = null;
            return line(b64(first));
          }
          return line(b64(mechanism.respond(Buffer.from(c.text.trim(), 'base64'))));
        } catch (error) {
          // RFC 9051 §6.2.2: "*" cancels the exchange; the server answers BAD.
          mechanismError = error;
          return line('*');
        }
      },
    });
  } catch (error) {
    throw mechanismError ?? authFailed(error, mechanism.name);
  }
  if (mechanismError !== undefined) throw mechanismError;
  mechanism.finish();
  yield* afterAuthentication(session);
}

/** UNAUTHENTICATE (RFC 8437): back to not-authenticated, same connection. */
export function* unauthenticate(session: ImapSession): ImapCoroutine<void> {
  session.capabilitiesFresh = false;
  yield* execute(session, 'UNAUTHENTICATE', []);
  session.state = 'not-authenticated';
  session.selected = undefined;
  session.enabled.clear();
  if (!session.capabilitiesFresh) yield* capability(session);
}
