/**
 * searchEnvelopes: every envelope of the folder filtered and sorted by the shared local
 * evaluator (src/shared/search). Headers and body text are read only for messages whose
 * envelope alone cannot decide the filter.
 */
import { decodeHeaderBytes } from '../../shared/mime/index.js';
import type { SearchQuery } from '../../shared/search/ast.js';
import { searchLocal } from '../../shared/search/index.js';
import type { EnvelopePage, SearchEnvelopesOptions } from '../../shared/types.js';
import { callSignal } from '../../shared/coroutine.js';
import { bodyText } from './body-text.js';
import type { M2dirDriver } from './driver.js';
import { allEnvelopes, pageWindow } from './envelopes.js';
import { readHeaderBlocks } from '../../shared/header-blocks.js';
import { folderRef, readVerified } from './messages.js';
import { joinPath } from './layout.js';

export async function searchEnvelopes(
  driver: M2dirDriver,
  mailbox: string,
  query: string | SearchQuery,
  options: SearchEnvelopesOptions,
): Promise<EnvelopePage> {
  const { signal, dispose } = callSignal(options);
  try {
    const { listing, envelopes } = await driver.run(allEnvelopes(driver.root, mailbox), signal);
    const fileOf = (id: string): string =>
      joinPath(listing.dir, listing.entries.get(id)?.file ?? '');
    const matches = await searchLocal(envelopes, query, {
      headers: async (e) => {
        const [bytes] = await driver.run(readHeaderBlocks([fileOf(e.id)]), signal);
        return decodeHeaderBytes(bytes ?? new Uint8Array(0));
      },
      bodyText: async (e) => {
        const entry = listing.entries.get(e.id);
        if (entry === undefined) return '';
        const folder = folderRef(driver.root, mailbox);
        return bodyText(await driver.run(readVerified(folder, entry), signal));
      },
    });
    const { page, pageSize } = pageWindow(options);
    return {
      envelopes: matches.slice((page - 1) * pageSize, page * pageSize),
      page,
      pageSize,
      total: matches.length,
    };
  } finally {
    dispose();
  }
}
