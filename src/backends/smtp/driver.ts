/**
 * The SMTP backend's only I/O: nodemailer's SMTP transport (connect, STARTTLS/TLS, AUTH,
 * MAIL/RCPT/DATA) and its MailComposer (which streams). Everything else — envelope derivation,
 * Bcc stripping, line endings, validation — is pure code in this folder.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SmtpEnvelope, ComposeMessage } from '../../shared/types.js';
import type { SmtpTransportOptions } from './transport-options.js';
import { composerInput } from './compose.js';
import type { SmtpDelivery } from './send.js';

type Transport = ReturnType<typeof nodemailer.createTransport>;

export class SmtpDriver {
  private transport: Transport | undefined;

  constructor(private readonly options: SmtpTransportOptions) {}

  private get(): Transport {
    if (this.transport !== undefined) return this.transport;
    const o = this.options;
    this.transport = nodemailer.createTransport({
      host: o.host,
      port: o.port,
      secure: o.secure,
      requireTLS: o.requireTLS,
      ignoreTLS: o.ignoreTLS,
      tls: o.tls,
      connectionTimeout: o.connectionTimeout,
      greetingTimeout: o.greetingTimeout,
      socketTimeout: o.socketTimeout,
      disableFileAccess: true,
      disableUrlAccess: true,
      ...(o.pool ? { pool: true } : {}),
      ...(o.name === undefined ? {} : { name: o.name }),
      ...(o.auth === undefined
        ? {}
        : o.auth.type === 'OAuth2'
          ? { auth: { type: 'OAuth2', user: o.auth.user, accessToken: o.auth.accessToken } }
          : {
              auth: { user: o.auth.user, pass: o.auth.pass },
              ...(o.auth.method === undefined ? {} : { authMethod: o.auth.method }),
            }),
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return this.transport;
  }

  async send(envelope: SmtpEnvelope, raw: Uint8Array, eightBit: boolean): Promise<SmtpDelivery> {
    const info = (await this.get().sendMail({
      envelope: {
        from: envelope.from,
        to: envelope.to,
        ...(eightBit ? { use8BitMime: true } : {}),
      },
      raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength),
    })) as { accepted?: unknown[]; rejected?: unknown[]; response?: string };
    return {
      accepted: (info.accepted ?? []).map(String),
      rejected: (info.rejected ?? []).map(String),
      response: info.response ?? '',
    };
  }

  async verify(): Promise<void> {
    await this.get().verify();
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}

/** Build RFC 5322 bytes from a compose object. Bcc is kept here and stripped by prepareSend. */
export async function buildComposed(message: ComposeMessage): Promise<Uint8Array> {
  const composer = new MailComposer({
    ...composerInput(message),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const root = composer.compile();
  root.keepBcc = true;
  const built: Buffer = await root.build();
  return new Uint8Array(built.buffer, built.byteOffset, built.byteLength);
}
