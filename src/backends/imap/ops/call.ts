/**
 * Per-call `signal` / `timeoutMs` (DESIGN §5): the caller gets ERR_ABORTED / ERR_TIMEOUT at
 * once; the command itself runs to its tagged completion on the connection (the core never
 * abandons framing), so later calls still work.
 */
import { MailError } from '../../../shared/errors.js';
import type { CallOptions } from '../../../shared/types.js';

export function withCallOptions<T>(options: CallOptions, run: () => Promise<T>): Promise<T> {
  const { signal, timeoutMs } = options;
  if (signal === undefined && timeoutMs === undefined) return run();
  if (signal?.aborted === true)
    return Promise.reject(
      new MailError('ERR_ABORTED', 'the call was aborted', { backend: 'imap' }),
    );
  return new Promise<T>((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              reject(
                new MailError('ERR_TIMEOUT', `the call took longer than ${timeoutMs} ms`, {
                  backend: 'imap',
                }),
              ),
            timeoutMs,
          );
    const onAbort = (): void =>
      reject(new MailError('ERR_ABORTED', 'the call was aborted', { backend: 'imap' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    run()
      .then(resolve, reject)
      .finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      });
  });
}
