/**
 * The decoded text of a message body for `body`/`text` search conditions: text parts, or the
 * HTML part with tags stripped. Parsing is postal-mime's (pure, no I/O); a message it cannot
 * parse searches as its raw bytes decoded leniently.
 */
import PostalMime from 'postal-mime';
import { decodeHeaderBytes, findHeaderEnd } from '../../shared/mime/index.js';

export async function bodyText(raw: Uint8Array): Promise<string> {
  try {
    const parsed = await PostalMime.parse(raw);
    if (parsed.text !== undefined && parsed.text !== '') return parsed.text;
    return (parsed.html ?? '').replace(/<[^>]*>/g, ' ');
  } catch {
    const end = findHeaderEnd(raw);
    return decodeHeaderBytes(end === -1 ? raw : raw.subarray(end));
  }
}
