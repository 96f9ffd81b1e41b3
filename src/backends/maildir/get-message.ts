/**
 * Locating and reading one message by id (its unique name). A file renamed between the scan
 * and the read (another client changed its flags) is looked up again once.
 */
import type { FsCo } from './fs-requests.js';
import * as fs from './fs-requests.js';
import { filePath, notFound, openMailbox, scanMailbox, type StoreContext } from './store.js';

function checkId(id: string): void {
  if (typeof id !== 'string' || id === '' || id.includes('/') || id.includes('\0'))
    throw notFound(`message ${String(id)}`);
}

/** The current path of a message file. */
export function* locateMessage(ctx: StoreContext, mailbox: string, id: string): FsCo<string> {
  checkId(id);
  const box = openMailbox(ctx, mailbox);
  const file = (yield* scanMailbox(box)).get(id);
  if (file === undefined) throw notFound(`message ${id} in ${box.id}`);
  return filePath(box, file);
}

export function* getMessage(ctx: StoreContext, mailbox: string, id: string): FsCo<Uint8Array> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const path = yield* locateMessage(ctx, mailbox, id);
    const [bytes] = yield* fs.readFiles([path]);
    if (bytes != null) return bytes;
  }
  throw notFound(`message ${id} in ${mailbox}`);
}
