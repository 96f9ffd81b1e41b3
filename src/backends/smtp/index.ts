/**
 * mailroom/smtp — send through an SMTP server with nodemailer's transport underneath.
 *
 * ```ts
 * const smtp = new SmtpBackend({ url: 'smtp://mail.example.org:587', auth: { user, password } });
 * await smtp.sendMessage(rawBytes);                  // envelope derived, Bcc stripped
 * await smtp.sendMessage({ from, to, subject, text }); // composed with MailComposer
 * ```
 */
import { attributeError } from '../../shared/errors.js';
import type { Backend, Operation } from '../../shared/backend.js';
import { parseConfig, type SmtpConfig } from '../../shared/config.js';
import { callSignal, drive } from '../../shared/coroutine.js';
import type { ComposeMessage, SendOptions, SendResult } from '../../shared/types.js';
import { SmtpDriver, buildComposed } from './driver.js';
import { fromNodemailer } from './errors.js';
import { sendCoroutine, type SmtpRequest } from './send.js';
import { transportOptions } from './transport-options.js';

export type { SmtpConfig } from '../../shared/config.js';
export {
  prepareMessage,
  deriveEnvelope,
  stripBlindCopies,
  toCrlf,
} from '../../shared/mime/outgoing.js';
export type { PreparedMessage, PrepareOptions } from '../../shared/mime/outgoing.js';

export interface SmtpBackendOptions {
  /** Name within a client; default 'smtp'. */
  name?: string;
}

export class SmtpBackend implements Backend {
  readonly kind = 'smtp';
  readonly name: string;
  readonly config: SmtpConfig;
  private readonly driver: SmtpDriver;

  constructor(config: SmtpConfig, options: SmtpBackendOptions = {}) {
    this.config = parseConfig('smtp', config);
    this.name = options.name ?? 'smtp';
    this.driver = new SmtpDriver(transportOptions(this.config));
  }

  supports(operation: Operation): boolean {
    return operation === 'sendMessage';
  }

  /** Connect, STARTTLS/TLS and authenticate once, without sending. */
  async verify(): Promise<void> {
    try {
      await this.driver.verify();
    } catch (error) {
      throw fromNodemailer(error, this.name);
    }
  }

  async sendMessage(
    message: Uint8Array | string | ComposeMessage,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const { signal, dispose } = callSignal(options);
    const co = sendCoroutine(
      message,
      {
        ...(options.envelope === undefined ? {} : { envelope: options.envelope }),
        ...(this.config.reversePath === undefined ? {} : { reversePath: this.config.reversePath }),
      },
      this.name,
    );
    try {
      return await drive(co, (r: SmtpRequest) => this.perform(r), signal);
    } catch (e) {
      throw attributeError(e, this.name);
    } finally {
      dispose();
    }
  }

  private async perform(request: SmtpRequest): Promise<unknown> {
    try {
      if (request.type === 'compose') return await buildComposed(request.message);
      return await this.driver.send(request.envelope, request.bytes, request.eightBit);
    } catch (error) {
      throw fromNodemailer(error, this.name);
    }
  }

  async close(): Promise<void> {
    this.driver.close();
  }
}
