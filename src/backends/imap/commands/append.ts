/**
 * APPEND (RFC 9051 §6.3.12) with flags and internal date, MULTIAPPEND (RFC 3502: several
 * messages, one atomic command) and the APPENDUID result (RFC 4315 §3). Literals are
 * synchronising unless LITERAL+ (or LITERAL- for ≤ 4096 bytes) allows otherwise; the encoder
 * decides and the engine waits for each `+`.
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapSession } from '../session.js';
import type { CommandValue, NumberRange } from '../wire/types.js';
import { date, flagList, literal, mailbox } from './args.js';
import { execute, type ImapCoroutine } from './run.js';

export interface AppendMessage {
  message: Uint8Array;
  flags?: readonly string[];
  internalDate?: Date;
}

export interface AppendResult {
  /** From `[APPENDUID uidvalidity uids]` when the server supports UIDPLUS. */
  uidValidity?: number;
  uids?: NumberRange[];
}

export function* append(
  session: ImapSession,
  name: string,
  messages: readonly AppendMessage[],
): ImapCoroutine<AppendResult> {
  if (messages.length === 0)
    throw new MailError('ERR_INVALID_ARGUMENT', 'APPEND needs at least one message');
  if (messages.length > 1 && !session.hasCapability('MULTIAPPEND'))
    throw new MailError('ERR_UNSUPPORTED', 'the server does not support MULTIAPPEND');
  const args: CommandValue[] = [mailbox(name)];
  for (const m of messages) {
    if (m.flags !== undefined && m.flags.length > 0) args.push(flagList(m.flags));
    if (m.internalDate !== undefined) args.push(date(m.internalDate, { withTime: true }));
    // RFC 3516 §4.4: literal8 when the message has NUL and the server has BINARY
    const binary = session.hasCapability('BINARY') && m.message.includes(0);
    args.push(literal(m.message, { binary }));
  }
  const done = yield* execute(session, 'APPEND', args);
  if (done.code?.type === 'APPENDUID')
    return { uidValidity: done.code.uidValidity, uids: [...done.code.uids] };
  return {};
}
