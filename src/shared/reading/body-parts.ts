/**
 * Which parts of a message are its text body, its HTML body and its attachments: the algorithm
 * of RFC 8621 §4.1.4 (JMAP's `textBody` / `htmlBody` / `attachments`), applied by mailroom to
 * the part tree of every backend — IMAP and the local stores included — so the same message
 * has the same bodies and attachments everywhere. In short: a non-attachment text/plain,
 * text/html or image/audio/video leaf is inline (in multipart/related only the first part;
 * elsewhere a text part with a filename that is not the first part is an attachment);
 * multipart/alternative picks per kind; everything else is an attachment.
 */
import type { MimePart } from '../mime/part.js';

export interface BodyParts {
  text: MimePart[];
  html: MimePart[];
  attachments: MimePart[];
}

const isInlineMedia = (type: string): boolean => /^(image|audio|video)\//.test(type);

function walk(
  parts: readonly MimePart[],
  multipartType: string,
  inAlternative: boolean,
  lists: { text: MimePart[] | null; html: MimePart[] | null; attachments: MimePart[] },
): void {
  // RFC 8621 §4.1.4: within one multipart, a text/plain (text/html) leaf inside an alternative
  // stops later leaves from joining the HTML (text) body: `text` / `html` are rebound, not reset.
  let text = lists.text;
  let html = lists.html;
  const textLength = text?.length ?? -1;
  const htmlLength = html?.length ?? -1;
  parts.forEach((part, i) => {
    const isMultipart = part.parts !== undefined;
    const isInline =
      part.disposition !== 'attachment' &&
      (part.type === 'text/plain' || part.type === 'text/html' || isInlineMedia(part.type)) &&
      (i === 0 ||
        (multipartType !== 'related' && (isInlineMedia(part.type) || part.filename === undefined)));
    if (isMultipart) {
      const sub = part.type.split('/')[1] ?? 'mixed';
      const inner = { text, html, attachments: lists.attachments };
      walk(part.parts ?? [], sub, inAlternative || sub === 'alternative', inner);
      return;
    }
    if (!isInline) {
      lists.attachments.push(part);
      return;
    }
    if (multipartType === 'alternative') {
      if (part.type === 'text/plain') text?.push(part);
      else if (part.type === 'text/html') html?.push(part);
      else lists.attachments.push(part);
      return;
    }
    if (inAlternative) {
      if (part.type === 'text/plain') html = null;
      if (part.type === 'text/html') text = null;
    }
    text?.push(part);
    html?.push(part);
    if ((text === null || html === null) && isInlineMedia(part.type)) lists.attachments.push(part);
  });
  if (multipartType === 'alternative' && text !== null && html !== null) {
    // only an HTML part was found: it is the text body too; only a plain one: the HTML body too
    if (textLength === text.length && htmlLength !== html.length)
      text.push(...html.slice(htmlLength));
    if (htmlLength === html.length && textLength !== text.length)
      html.push(...text.slice(textLength));
  }
}

/** The text body, HTML body and attachments of a part tree (RFC 8621 §4.1.4). */
export function bodyParts(root: MimePart): BodyParts {
  const lists = { text: [] as MimePart[], html: [] as MimePart[], attachments: [] as MimePart[] };
  walk([root], 'mixed', false, lists);
  return lists;
}
