/**
 * The only file of the JMAP backend that performs I/O (docs/architecture.md, The request/reply protocol): undici for HTTP (one Agent
 * = a keep-alive pool per origin, so cross-host upload/download URLs just work), timers for
 * `wait`, and nodemailer's MailComposer for building RFC 5322 bytes from a ComposeMessage.
 */
import { tlsCa } from '../../shared/tls-ca.js';
import { Agent, request } from 'undici';
import {
  abortError,
  drive,
  type HttpRequestSpec,
  type HttpResponse,
} from '../../shared/coroutine.js';
import { MailError } from '../../shared/errors.js';
import type { TlsOptions } from '../../shared/config.js';
import type { ComposeMessage } from '../../shared/types.js';
import type { JmapCo, JmapYield } from './http.js';

export interface StreamingResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  /** Consume nothing more and release the connection. */
  cancel(): void;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined)
      out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class JmapDriver {
  private readonly agent: Agent;

  constructor(
    tls: TlsOptions | undefined,
    private readonly connectMs = 15_000,
  ) {
    const connect: Record<string, unknown> = { timeout: connectMs };
    if (tls?.ca !== undefined) connect.ca = tlsCa(tls.ca);
    if (tls?.servername !== undefined) connect.servername = tls.servername;
    if (tls?.rejectUnauthorized !== undefined) connect.rejectUnauthorized = tls.rejectUnauthorized;
    this.agent = new Agent({ keepAliveTimeout: 30_000, connections: 8, connect });
  }

  private fail(error: unknown, spec: HttpRequestSpec, signal: AbortSignal | undefined): MailError {
    if (signal?.aborted === true) return abortError(signal);
    if (error instanceof MailError) return error;
    const origin = new URL(spec.url).origin;
    const message = error instanceof Error ? error.message : String(error);
    return new MailError('ERR_CONNECTION', `HTTP ${spec.method} to ${origin} failed: ${message}`, {
      cause: error,
    });
  }

  async http(spec: HttpRequestSpec, signal?: AbortSignal): Promise<HttpResponse> {
    try {
      const res = await request(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body === undefined ? null : spec.body,
        dispatcher: this.agent,
        ...(signal === undefined ? {} : { signal }),
      });
      const body = new Uint8Array(await res.body.arrayBuffer());
      return { status: res.statusCode, headers: flatten(res.headers), body, url: spec.url };
    } catch (error) {
      throw this.fail(error, spec, signal);
    }
  }

  /** A request whose body is read incrementally (downloads, the event source). */
  async stream(spec: HttpRequestSpec, signal?: AbortSignal): Promise<StreamingResponse> {
    try {
      const res = await request(spec.url, {
        method: spec.method,
        headers: spec.headers,
        dispatcher: this.agent,
        ...(signal === undefined ? {} : { signal }),
      });
      const fail = (e: unknown): MailError => this.fail(e, spec, signal);
      async function* chunks(): AsyncGenerator<Uint8Array> {
        try {
          for await (const chunk of res.body) yield chunk as Uint8Array;
        } catch (error) {
          throw fail(error);
        }
      }
      return {
        status: res.statusCode,
        headers: flatten(res.headers),
        body: chunks(),
        cancel: () => res.body.destroy(),
      };
    } catch (error) {
      throw this.fail(error, spec, signal);
    }
  }

  perform(requestToDo: JmapYield, signal?: AbortSignal): Promise<unknown> {
    if (requestToDo.type === 'http') return this.http(requestToDo.request, signal);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, requestToDo.ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(abortError(signal));
        },
        { once: true },
      );
    });
  }

  run<T>(co: JmapCo<T>, signal?: AbortSignal): Promise<T> {
    return drive(co, (r) => this.perform(r, signal), signal);
  }

  /** RFC 5322 bytes for a ComposeMessage (Bcc is not written into the header, as SMTP needs). */
  async compose(message: ComposeMessage): Promise<Uint8Array> {
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
    const address = (
      a: { name?: string; email: string } | string,
    ): string | { name: string; address: string } =>
      typeof a === 'string' ? a : { name: a.name ?? '', address: a.email };
    const mail: Record<string, unknown> = {
      from: address(message.from),
      to: (message.to ?? []).map(address),
      cc: (message.cc ?? []).map(address),
      replyTo: (message.replyTo ?? []).map(address),
      subject: message.subject ?? '',
      text: message.text,
      html: message.html,
      headers: message.headers,
      inReplyTo: message.inReplyTo,
      references: message.references,
      messageId: message.messageId,
      date: message.date,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
        contentType: a.contentType,
        cid: a.cid,
      })),
    };
    for (const key of Object.keys(mail)) if (mail[key] === undefined) delete mail[key];
    const built = await new MailComposer(mail as never).compile().build();
    return new Uint8Array(built);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
