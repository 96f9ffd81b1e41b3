/**
 * `mailroom read`: a message for people — the main headers decoded, then the text part (or the
 * HTML with --html), and a list of attachments with their part ids (for `attachment save`).
 * The parsing is the library's own `readMessage` (docs/reading.md).
 */
import type { Message } from '../shared/types.js';
import { formatAddressList } from './format.js';

export function renderForReading(m: Message, html: boolean): string {
  const head = [
    `From:    ${formatAddressList(m.from)}`,
    `To:      ${formatAddressList(m.to)}`,
    ...(m.cc.length > 0 ? [`Cc:      ${formatAddressList(m.cc)}`] : []),
    ...(m.date === undefined ? [] : [`Date:    ${m.date.toUTCString()}`]),
    `Subject: ${m.subject}`,
  ];
  const body = html
    ? (m.html ?? m.text ?? '')
    : (m.text ?? (m.html === undefined ? '' : '(HTML only: use --html)'));
  const files = m.attachments.map(
    (a) =>
      `  [${a.partId}] ${a.filename ?? '(unnamed)'} (${a.contentType}, ${a.size} bytes${a.contentId === undefined ? '' : `, cid ${a.contentId}`})`,
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
