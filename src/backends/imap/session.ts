/**
 * The I/O-free IMAP session (docs/architecture.md, The request/reply protocol): framing state that persists across commands on one
 * connection, tag issue and strict matching, connection state (RFC 9051 §3), capabilities and
 * the selected mailbox. Commands feed it bytes and take typed responses; untagged data that
 * changes state is applied here and surfaced as events.
 */
import { MailError } from '../../shared/errors.js';
import {
  createDecoder,
  type BodyStructureMode,
  type LiteralSink,
  type ResponseDecoder,
} from './wire-io.js';
import type { ImapEvent, ImapEventListener } from './events.js';
import type {
  EncoderCapabilities,
  ImapResponse,
  TaggedResponse,
  UntaggedResponse,
} from './wire/types.js';
import type { SelectedMailbox } from './selected.js';
import { applyMailboxData } from './selected.js';

export type SessionState = 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

export class ImapSession {
  state: SessionState = 'not-authenticated';
  /** Upper-cased capability names; replaced, never merged (RFC 9051 §7.2.2). */
  capabilities = new Set<string>();
  /** Extensions the server confirmed with `* ENABLED` (RFC 5161). */
  readonly enabled = new Set<string>();
  selected: SelectedMailbox | undefined;
  /** True once the transport is TLS (implicit or after STARTTLS). */
  secure = false;
  /** Capabilities came from the current security layer (reset by STARTTLS and authentication). */
  capabilitiesFresh = false;
  listener: ImapEventListener | undefined;
  /** Untagged responses skipped because they could not be framed or decoded (stream kept in sync). */
  droppedResponses = 0;
  lastDropError: MailError | undefined;

  private decoder: ResponseDecoder;
  private tagCounter = 0;
  private readonly inFlight = new Set<string>();
  /** A whole command waiting to go out in the same write as the next command (sendAhead). */
  private ahead: { tag: string; bytes: Uint8Array; done: (ok: boolean) => void } | undefined;
  /** Tags of commands sent ahead: their completion is consumed by takeResponse. */
  private readonly aheadTags = new Map<string, (ok: boolean) => void>();

  constructor(private readonly tagPrefix = 'A') {
    this.decoder = createDecoder(() => this.enabled.has('UTF8=ACCEPT'));
  }

  /** A fresh tag, registered as in flight until `complete(tag)`. */
  nextTag(): string {
    this.tagCounter += 1;
    const tag = `${this.tagPrefix}${this.tagCounter}`;
    this.inFlight.add(tag);
    return tag;
  }

  /** A fresh tag for a command sent ahead (sendAhead): in flight only once written. */
  reserveTag(): string {
    this.tagCounter += 1;
    return `${this.tagPrefix}${this.tagCounter}`;
  }

  /**
   * Send a whole command (`bytes`, tagged `tag` from reserveTag) in the same write as the next
   * command instead of alone, and consume its tagged completion when it arrives (`done` says
   * whether it was OK): a round trip saved for a command no caller waits on (the backend's
   * ENABLE, commands/any-state.ts deferEnable). Answers come in order (RFC 9051 §5.5), so its
   * untagged data arrives before the next command's and is applied like any other.
   */
  sendAhead(tag: string, bytes: Uint8Array, done: (ok: boolean) => void): void {
    this.ahead = { tag, bytes, done };
  }

  /**
   * The bytes about to be written, after any command sent ahead of them: every command write
   * goes through here, and only the first one after sendAhead carries the extra command.
   */
  outgoing(bytes: Uint8Array): Uint8Array {
    const ahead = this.ahead;
    if (ahead === undefined) return bytes;
    this.ahead = undefined;
    this.inFlight.add(ahead.tag);
    this.aheadTags.set(ahead.tag, ahead.done);
    return Buffer.concat([ahead.bytes, bytes]);
  }

  /** The completion of a command sent ahead: consumed here, never seen by the command after it. */
  private settleAhead(tag: string, ok: boolean): boolean {
    const done = this.aheadTags.get(tag);
    if (done === undefined) return false;
    this.aheadTags.delete(tag);
    this.inFlight.delete(tag);
    done(ok);
    return true;
  }

  complete(tag: string): void {
    this.inFlight.delete(tag);
  }

  /**
   * No command is between its first byte and its tagged completion: the stream is in step, so
   * an error raised now (an operation's own check, a NO) leaves the connection usable. A
   * command that failed mid-way keeps its tag in flight, and the driver closes the connection.
   */
  get inStep(): boolean {
    return this.inFlight.size === 0;
  }

  isInFlight(tag: string): boolean {
    return this.inFlight.has(tag);
  }

  feed(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  /** Stream literals above `above` bytes to `sink` (see ResponseDecoder.streamLiterals). */
  streamLiterals(above: number, sink: LiteralSink | undefined): void {
    this.decoder.streamLiterals(above, sink);
  }

  /** What FETCH BODYSTRUCTURE decodes to until changed (see DecodeOptions.bodyStructure). */
  decodeBodyStructureAs(mode: BodyStructureMode): void {
    this.decoder.decodeBodyStructureAs(mode);
  }

  /** Bytes received but not yet consumed as complete responses (STARTTLS injection check). */
  get hasPendingInput(): boolean {
    return this.decoder.hasPending;
  }

  /**
   * The next complete response, or undefined when more bytes are needed. A response that
   * cannot be decoded but is framed is skipped (and reported) unless it completes an
   * in-flight command, which then fails: framing is never lost either way.
   */
  takeResponse(): ImapResponse | undefined {
    for (;;) {
      const result = this.decoder.next();
      if (result === undefined) return undefined;
      if (result.kind === 'response') {
        const r = result.response;
        if (this.aheadTags.size > 0 && r.kind === 'tagged' && this.aheadTags.has(r.tag)) {
          this.applyCompletion(r);
          this.settleAhead(r.tag, r.status === 'OK');
          continue;
        }
        return r;
      }
      if (result.fatal)
        throw new MailError(result.error.code, result.error.message, {
          cause: result.error,
          details: { ...result.error.details, fatal: true },
        });
      // An undecodable completion of a command sent ahead: it counts as refused.
      if (result.tag !== undefined && this.settleAhead(result.tag, false)) continue;
      if (result.tag !== undefined && this.inFlight.has(result.tag)) {
        this.inFlight.delete(result.tag);
        throw result.error;
      }
      this.droppedResponses += 1;
      this.lastDropError = result.error;
      // The skipped response may have been an EXPUNGE, EXISTS or VANISHED: the selection's count
      // and sequence mapping can no longer be trusted (RFC 9051 §7.5.1) until a fresh SELECT.
      if (this.selected !== undefined) this.selected.stale = true;
      this.emit({ type: 'protocolError', message: result.error.message });
    }
  }

  emit(event: ImapEvent): void {
    this.listener?.(event);
  }

  hasCapability(name: string): boolean {
    return this.capabilities.has(name.toUpperCase());
  }

  setCapabilities(list: readonly string[]): void {
    this.capabilities = new Set(list.map((c) => c.toUpperCase()));
    this.capabilitiesFresh = true;
  }

  /** After STARTTLS or authentication the old list must not be trusted (RFC 9051 §6.2.1). */
  invalidateCapabilities(): void {
    this.capabilities = new Set();
    this.capabilitiesFresh = false;
  }

  /** SASL mechanisms from `AUTH=` capabilities. */
  get authMechanisms(): string[] {
    return [...this.capabilities].filter((c) => c.startsWith('AUTH=')).map((c) => c.slice(5));
  }

  encoderCapabilities(): EncoderCapabilities {
    return {
      literalPlus: this.hasCapability('LITERAL+'),
      literalMinus: this.hasCapability('LITERAL-'),
      imap4rev2: this.enabled.has('IMAP4REV2'),
      utf8Accept: this.enabled.has('UTF8=ACCEPT'),
      binary: this.hasCapability('BINARY'),
    };
  }

  /**
   * Record untagged data that concerns the connection or the selected mailbox
   * (RFC 9051 §7.2–§7.4). Pure bookkeeping; commands still see the response.
   */
  apply(response: UntaggedResponse, solicitedFetch = false): void {
    switch (response.type) {
      case 'capability':
        this.setCapabilities(response.capabilities);
        this.emit({ type: 'capability', capabilities: response.capabilities });
        return;
      case 'enabled':
        for (const c of response.capabilities) this.enabled.add(c.toUpperCase());
        return;
      case 'status':
        this.applyStatus(response);
        return;
      case 'fetch':
        if (this.selected !== undefined) this.selected.noteFetch(response.seq, response.attributes);
        if (!solicitedFetch)
          this.emit({ type: 'fetch', seq: response.seq, attributes: response.attributes });
        return;
      case 'mailboxStatus':
        // RFC 5465 NOTIFY and LIST-STATUS: mailbox counters changing outside the selection
        this.emit({
          type: 'mailboxStatus',
          mailbox: response.mailbox,
          values: { ...response.values },
        });
        return;
      default:
        if (this.selected !== undefined) {
          for (const event of applyMailboxData(this.selected, response)) this.emit(event);
        }
    }
  }

  /** Response codes on a tagged completion: CAPABILITY, ALERT, mailbox state (RFC 9051 §7.1). */
  applyCompletion(response: TaggedResponse): void {
    const code = response.code;
    if (code === undefined) return;
    if (code.type === 'CAPABILITY') this.setCapabilities(code.capabilities);
    else if (code.type === 'ALERT')
      this.emit({ type: 'alert', text: response.text, tls: this.secure });
    else this.selected?.applyCode(code);
  }

  private applyStatus(response: Extract<UntaggedResponse, { type: 'status' }>): void {
    const { status, code, text } = response;
    if (code?.type === 'CAPABILITY') this.setCapabilities(code.capabilities);
    if (code?.type === 'ALERT') this.emit({ type: 'alert', text, tls: this.secure });
    if (status === 'BYE') {
      this.state = 'logout';
      this.emit({ type: 'bye', text });
      return;
    }
    if (code !== undefined && this.selected !== undefined && this.selected.applyCode(code)) return;
    if (status === 'OK' || status === 'NO' || status === 'BAD')
      this.emit({ type: 'status', status, ...(code === undefined ? {} : { code }), text });
  }
}

/** The MailError for a NO/BAD completion; server text is kept, our arguments are not. */
export function commandFailed(
  command: string,
  response: { status: string; text: string; code?: { type: string } },
): MailError {
  const code = response.code;
  return new MailError(
    'ERR_PROTOCOL',
    `${command} failed: ${response.status} ${response.text}`.trim(),
    {
      details: {
        status: response.status,
        text: response.text,
        ...(code === undefined ? {} : { code: code.type, responseCode: code }),
      },
    },
  );
}
