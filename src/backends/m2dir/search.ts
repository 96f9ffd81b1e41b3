/**
 * searchEnvelopes: every envelope of the folder filtered and sorted by the shared local
 * evaluator (src/shared/search). Headers and body text are read only for messages whose
 * envelope alone cannot decide the filter.
 */
import { decodeHeaderBytes, findHeaderEnd } from '../../shared/mime/index.js';
import type { SearchQuery } from '../../shared/search/ast.js';
import { searchLocal } from '../../shared/search/index.js';
import type { EnvelopePage, SearchEnvelopesOptions } from '../../shared/types.js';
import { callSignal } from '../../shared/coroutine.js';
import { bodyText } from './body-text.js';
import type { M2dirDriver } from './driver.js';
import { allEnvelopes, HEADER_READ_BYTES, pageWindow } from './envelopes.js';
import { folderRef, readVerified } from './messages.js';
import { readFile } from './fs-requests.js';
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
        const bytes =
          (await driver.run(readFile(fileOf(e.id), HEADER_READ_BYTES), signal)) ??
          new Uint8Array(0);
        const end = findHeaderEnd(bytes);
        return decodeHeaderBytes(end === -1 ? bytes : bytes.subarray(0, end));
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
