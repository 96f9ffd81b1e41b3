/**
 * `mailroom read`: a message for people — the main headers decoded, then the text part (or the
 * HTML with --html), and a list of attachments. Parsing is postal-mime's.
 */
import PostalMime from 'postal-mime';
import type { Address } from '../shared/types.js';

interface PostalAddress {
  name?: string;
  address?: string;
  group?: PostalAddress[];
}

function addresses(list: PostalAddress | PostalAddress[] | undefined): Address[] {
  const items = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return items.flatMap((a) =>
    a.group !== undefined
      ? addresses(a.group)
      : a.address === undefined
        ? []
        : [{ email: a.address, ...(a.name ? { name: a.name } : {}) }],
  );
}

export interface ReadableMessage {
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  date?: string;
  text?: string;
  html?: string;
  attachments: { filename: string; mimeType: string; size: number }[];
}

export async function parseForReading(raw: Uint8Array): Promise<ReadableMessage> {
  const parsed = await PostalMime.parse(raw);
  return {
    subject: parsed.subject ?? '',
    from: addresses(parsed.from as PostalAddress | undefined),
    to: addresses(parsed.to as PostalAddress[] | undefined),
    cc: addresses(parsed.cc as PostalAddress[] | undefined),
    ...(parsed.date === undefined ? {} : { date: parsed.date }),
    ...(parsed.text === undefined ? {} : { text: parsed.text }),
    ...(parsed.html === undefined ? {} : { html: parsed.html }),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? '(unnamed)',
      mimeType: a.mimeType,
      size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
    })),
  };
}

const list = (as: Address[]): string =>
  as.map((a) => (a.name ? `${a.name} <${a.email}>` : a.email)).join(', ');

export function renderForReading(m: ReadableMessage, html: boolean): string {
  const head = [
    `From:    ${list(m.from)}`,
    `To:      ${list(m.to)}`,
    ...(m.cc.length > 0 ? [`Cc:      ${list(m.cc)}`] : []),
    ...(m.date === undefined ? [] : [`Date:    ${m.date}`]),
    `Subject: ${m.subject}`,
  ];
  const body = html
    ? (m.html ?? m.text ?? '')
    : (m.text ?? (m.html === undefined ? '' : '(HTML only: use --html)'));
  const files = m.attachments.map(
    (a) => `  [attachment] ${a.filename} (${a.mimeType}, ${a.size} bytes)`,
  );
  // Terminal escape sequences from a message must not reach the terminal.
  const safe = (s: string): string => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
  return [
    ...head.map(safe),
    '',
    safe(body).trimEnd(),
    ...(files.length > 0 ? ['', ...files.map(safe)] : []),
  ].join('\n');
}
