/**
 * Per-call `signal` / `timeoutMs` (docs/email-client.md): the caller gets ERR_ABORTED / ERR_TIMEOUT at
 * once; a command already on the wire runs to its tagged completion (the core never abandons
 * framing), so later calls still work. `run` receives a signal that fires on either, so a call
 * still waiting for a connection (ImapPool) never starts.
 */
import { MailError } from '../../../shared/errors.js';
import type { CallOptions } from '../../../shared/types.js';

export function withCallOptions<T>(
  options: CallOptions,
  run: (signal?: AbortSignal) => Promise<T>,
): Promise<T> {
  const { signal, timeoutMs } = options;
  if (signal === undefined && timeoutMs === undefined) return run();
  if (signal?.aborted === true)
    return Promise.reject(
      new MailError('ERR_ABORTED', 'the call was aborted', { backend: 'imap' }),
    );
  const gate = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const fail = (error: MailError): void => {
      gate.abort();
      reject(error);
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              fail(
                new MailError('ERR_TIMEOUT', `the call took longer than ${timeoutMs} ms`, {
                  backend: 'imap',
                }),
              ),
            timeoutMs,
          );
    const onAbort = (): void =>
      fail(new MailError('ERR_ABORTED', 'the call was aborted', { backend: 'imap' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    run(gate.signal)
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      });
  });
}
