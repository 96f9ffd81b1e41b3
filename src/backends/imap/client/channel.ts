/**
 * A bounded hand-off from the command driver to a `for await` consumer. When full the producer
 * waits — the driver stops reading, the transport pauses the socket, TCP pushes back — so a
 * large FETCH stays within bounded memory. `unbound()` lifts the limit: the driver calls it
 * when another command is queued behind the FETCH, so a consumer that issues a command inside
 * its loop never deadlocks (the rest of the FETCH is buffered instead).
 */
import { MailError } from '../../../shared/errors.js';

export class Channel<T> {
  // Taken slots are cleared at once (a FETCH item pins its decoded message until collected).
  private items: (T | undefined)[] = [];
  private head = 0;
  private done = false;
  private failure: unknown;
  private abandoned = false;
  private bounded = true;
  private consumerWake: (() => void) | undefined;
  private producerWake: (() => void) | undefined;

  constructor(private readonly highWater = 256) {}

  /** Producer: add an item; resolves when there is room (immediately when unbounded). */
  push(item: T): Promise<void> | undefined {
    if (this.abandoned) return undefined;
    this.items.push(item);
    this.wakeConsumer();
    if (!this.bounded || this.items.length - this.head < this.highWater) return undefined;
    return new Promise((resolve) => {
      this.producerWake = resolve;
    });
  }

  end(error?: unknown): void {
    this.done = true;
    this.failure = error;
    this.wakeConsumer();
  }

  unbound(): void {
    this.bounded = false;
    this.wakeProducer();
  }

  private wakeConsumer(): void {
    const w = this.consumerWake;
    this.consumerWake = undefined;
    w?.();
  }

  private wakeProducer(): void {
    const w = this.producerWake;
    this.producerWake = undefined;
    w?.();
  }

  /** Consumer stopped early: drop what is left; the command still runs to completion. */
  abandon(): void {
    this.abandoned = true;
    this.items = [];
    this.head = 0;
    this.wakeProducer();
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head] as T;
        this.items[this.head] = undefined;
        this.head += 1;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        if (this.items.length - this.head < this.highWater / 2) this.wakeProducer();
        return { value: item, done: false };
      }
      if (this.done) {
        if (this.failure !== undefined) throw this.failure;
        return { value: undefined, done: true };
      }
      if (this.abandoned) throw new MailError('ERR_ABORTED', 'iteration was abandoned');
      this.wakeProducer();
      await new Promise<void>((resolve) => {
        this.consumerWake = resolve;
      });
    }
  }
}
