/**
 * After an SMTP send, store the sent bytes (flagged seen) in the storage backend's Sent
 * mailbox. The message is already sent, so a failure here is reported in `warnings`, never
 * thrown: the caller must not think the send failed and send again.
 */
import type { CallOptions, SendResult } from '../shared/types.js';
import type { StorageMethods } from '../shared/backend.js';

type SentStore = Pick<StorageMethods, 'listMailboxes' | 'addMessage'>;

export async function saveSentCopy(
  store: SentStore,
  result: SendResult,
  options: CallOptions,
): Promise<SendResult> {
  const { backend: _pinned, ...call } = options;
  try {
    const sent = (await store.listMailboxes(call)).find((m) => m.role === 'sent');
    if (sent === undefined) {
      return {
        ...result,
        warnings: [
          ...(result.warnings ?? []),
          'no Sent mailbox found; the sent copy was not saved',
        ],
      };
    }
    const id = await store.addMessage(sent.id, result.raw, { ...call, flags: ['seen'] });
    return { ...result, sentCopy: { mailbox: sent.id, id } };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ...result,
      warnings: [...(result.warnings ?? []), `saving the sent copy failed: ${why}`],
    };
  }
}
