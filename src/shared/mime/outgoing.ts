/**
 * Turn a raw message into what goes on the wire: CRLF line ends (RFC 5321 §2.3.8), Bcc and
 * Resent-Bcc removed from the transmitted header (RFC 5322 §3.6.3: blind recipients must not
 * be visible), and the SMTP envelope derived from the header when the caller gave none:
 * MAIL FROM = Sender, else the first From (Resent-Sender / Resent-From when the message is
 * being resent, §3.6.6); RCPT TO = To + Cc + Bcc (the Resent-* ones when present), without
 * duplicates. Pure: no I/O, so every rule is unit-tested. The one preparation for every
 * transport: SMTP and JMAP sending both use it, so Bcc is stripped the same way on both.
 */
import { domainToASCII } from 'node:url';
import { MailError } from '../errors.js';
import { findHeaderEnd, parseHeaderBlock, type HeaderMap } from './headers.js';
import { parseAddressFields } from './addresses.js';
import type { SmtpEnvelope } from '../types.js';

export interface PreparedMessage {
  envelope: SmtpEnvelope;
  /** Bytes to transmit: CRLF-normalised, blind-copy headers removed. */
  bytes: Uint8Array;
  /** Any byte ≥ 0x80: ask for 8BITMIME (RFC 6152). */
  eightBit: boolean;
  /** The header named blind recipients (Bcc / Resent-Bcc) that were removed from `bytes`. */
  blindCopies: boolean;
  /** addr-spec of the first From address, when there is one (identity choice on JMAP). */
  from?: string;
  messageId?: string;
}

export interface PrepareOptions {
  envelope?: SmtpEnvelope;
  reversePath?: string;
}

const LF = 0x0a;
const CR = 0x0d;

/** Bare LF and bare CR become CRLF; existing CRLF pairs are kept. */
export function toCrlf(input: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i];
    if (b === LF && input[i - 1] !== CR) extra++;
    else if (b === CR && input[i + 1] !== LF) extra++;
  }
  if (extra === 0) return input;
  const out = new Uint8Array(input.length + extra);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i] as number;
    if (b === LF && input[i - 1] !== CR) out[o++] = CR;
    out[o++] = b;
    if (b === CR && input[i + 1] !== LF) out[o++] = LF;
  }
  return out;
}

/**
 * A message as a network store receives it (IMAP APPEND, JMAP upload): CRLF line ends — RFC
 * 9051 §2.2.1 / RFC 5322 §2.1 require them; Dovecot converts bare LF itself, Cyrus refuses it
 * (`NO Message contains bare newlines`) — and no NUL byte (RFC 5322 §2.3 forbids it in a
 * message; Cyrus and most servers refuse it): ERR_INVALID_ARGUMENT before anything is sent.
 */
export function messageForUpload(raw: Uint8Array | string): Uint8Array {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const at = bytes.indexOf(0);
  if (at !== -1) {
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      `the message contains a NUL byte (at offset ${at}); RFC 5322 messages cannot`,
      { hint: 'remove or encode the NUL bytes (e.g. base64 in a MIME part)' },
    );
  }
  return toCrlf(bytes);
}

const BLIND = /^(resent-)?bcc[ \t]*:/i;

/** Remove Bcc / Resent-Bcc fields (with their folded continuation lines) from the header. */
export function stripBlindCopies(crlf: Uint8Array): Uint8Array {
  const end = findHeaderEnd(crlf);
  const headerEnd = end === -1 ? crlf.length : end;
  // latin1 maps bytes 1:1, so the body and any 8-bit header bytes survive untouched.
  const header = Buffer.from(crlf.buffer, crlf.byteOffset, headerEnd).toString('latin1');
  const lines = header.split('\r\n');
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    const continuation = line.startsWith(' ') || line.startsWith('\t');
    if (!continuation) dropping = BLIND.test(line);
    if (!dropping) kept.push(line);
  }
  if (kept.length === lines.length) return crlf;
  const head = Buffer.from(kept.join('\r\n'), 'latin1');
  const out = new Uint8Array(head.length + crlf.length - headerEnd);
  out.set(head, 0);
  out.set(crlf.subarray(headerEnd), head.length);
  return out;
}

const UNSAFE = /[\r\n<>\s\0]/;

/** Validate an envelope address and turn an internationalised domain into its A-label. */
export function envelopeAddress(raw: string, role: string): string {
  const email = raw.trim();
  const at = email.lastIndexOf('@');
  if (email === '' || UNSAFE.test(email) || at <= 0 || at === email.length - 1) {
    throw new MailError('ERR_INVALID_ARGUMENT', `invalid ${role} address ${JSON.stringify(raw)}`);
  }
  const domain = email.slice(at + 1);
  const ascii = /^[\x21-\x7e]+$/.test(domain) ? domain : domainToASCII(domain);
  if (ascii === '')
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      `invalid domain in ${role} address ${JSON.stringify(raw)}`,
    );
  return `${email.slice(0, at)}@${ascii}`;
}

function dedupe(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstOf(headers: HeaderMap, name: string): string[] {
  const value = headers.get(name)?.[0];
  return value === undefined ? [] : [value];
}

export function deriveEnvelope(headers: HeaderMap, options: PrepareOptions = {}): SmtpEnvelope {
  const resent = ['resent-from', 'resent-sender', 'resent-to', 'resent-cc', 'resent-bcc'].some(
    (h) => headers.has(h),
  );
  const prefix = resent ? 'resent-' : '';
  // §3.6.6: each resent block is prepended, so the first occurrence is the newest block.
  const pick = (field: string): string[] =>
    resent ? firstOf(headers, prefix + field) : (headers.get(field) ?? []);
  const senderField = parseAddressFields(pick('sender'))[0] ?? parseAddressFields(pick('from'))[0];
  const fromRaw = options.envelope?.from ?? options.reversePath ?? senderField?.email;
  if (fromRaw === undefined || fromRaw === '') {
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      'the message has no sender: add a From header or pass envelope.from',
      {
        hint: 'every message needs a From (or Sender) header',
      },
    );
  }
  const toRaw =
    options.envelope?.to ??
    ['to', 'cc', 'bcc']
      .flatMap((f) => parseAddressFields(pick(f)).map((a) => a.email))
      .filter((e) => e !== '');
  const to = dedupe(toRaw.map((a) => envelopeAddress(a, 'recipient')));
  if (to.length === 0) {
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      'the message has no recipient: add To, Cc or Bcc, or pass envelope.to',
    );
  }
  return { from: envelopeAddress(fromRaw, 'sender'), to };
}

export function prepareMessage(
  raw: Uint8Array | string,
  options: PrepareOptions = {},
): PreparedMessage {
  const input = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const crlf = toCrlf(input);
  if (
    findHeaderEnd(crlf) === -1 &&
    !/^[\x21-\x39\x3b-\x7e]+:/.test(Buffer.from(crlf.subarray(0, 200)).toString('latin1'))
  ) {
    throw new MailError('ERR_INVALID_ARGUMENT', 'the message has no header block');
  }
  const headers = parseHeaderBlock(crlf);
  const envelope = deriveEnvelope(headers, options);
  const bytes = stripBlindCopies(crlf);
  const messageId = headers.get('message-id')?.[0]?.trim().replace(/^<|>$/g, '');
  const from = parseAddressFields(headers.get('from') ?? [])[0]?.email;
  return {
    envelope,
    bytes,
    eightBit: bytes.some((b) => b >= 0x80),
    blindCopies: headers.has('bcc') || headers.has('resent-bcc'),
    ...(from === undefined || from === '' ? {} : { from }),
    ...(messageId === undefined || messageId === '' ? {} : { messageId }),
  };
}
