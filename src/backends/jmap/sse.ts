/**
 * An I/O-free Server-Sent Events parser (WHATWG HTML §9.2.6 "event stream interpretation"):
 * feed it byte chunks split anywhere, get complete events back.
 */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private retry: number | undefined;
  private sawCr = false;
  /** Guard against a server that never ends a line. */
  constructor(private readonly maxLine = 1024 * 1024) {}

  feed(chunk: Uint8Array): SseEvent[] {
    let text = this.decoder.decode(chunk, { stream: true });
    // A CRLF split across chunks: the LF belongs to a line already ended by CR.
    if (this.sawCr && text.startsWith('\n')) text = text.slice(1);
    this.sawCr = text.endsWith('\r');
    this.buffer += text;
    const out: SseEvent[] = [];
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    if (this.buffer.length > this.maxLine) this.buffer = '';
    for (const line of lines) {
      const event = this.line(line);
      if (event !== undefined) out.push(event);
    }
    return out;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    const out: SseEvent = { event: event === '' ? 'message' : event, data: data.join('\n') };
    if (this.id !== undefined) out.id = this.id;
    if (this.retry !== undefined) out.retry = this.retry;
    return out;
  }
}
