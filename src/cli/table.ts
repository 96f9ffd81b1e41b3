/**
 * Aligned, width-aware tables for people. Widths are measured in terminal cells (East Asian
 * wide characters count two); the last flexible column is truncated with '…' to fit.
 */

export interface Column {
  header: string;
  /** May be shrunk to fit the terminal; fixed columns keep their natural width. */
  flexible?: boolean;
  align?: 'left' | 'right';
}

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function cellWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x300 && cp < 0x370)) continue; // control, combining marks
    w += WIDE.test(ch) || cp >= 0x1f300 ? 2 : 1;
  }
  return w;
}

export function truncate(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = cellWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - cellWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

const clean = (rows: readonly string[][]): string[][] =>
  rows.map((r) => r.map((c) => c.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')));

const GAP = 2;

/** Natural column widths, flexible columns shrunk (last first) until the row fits `maxWidth`. */
export function columnWidths(
  columns: readonly Column[],
  rows: readonly string[][],
  maxWidth: number,
): number[] {
  const cells = clean(rows);
  const widths = columns.map((col, i) =>
    Math.max(cellWidth(col.header), ...cells.map((r) => cellWidth(r[i] ?? ''))),
  );
  let total = widths.reduce((a, b) => a + b, 0) + GAP * (columns.length - 1);
  for (let i = columns.length - 1; i >= 0 && total > maxWidth; i--) {
    if (columns[i]?.flexible !== true) continue;
    const current = widths[i] ?? 0;
    const shrunk = Math.max(8, current - (total - maxWidth));
    total -= current - shrunk;
    widths[i] = shrunk;
  }
  return widths;
}

/** Rows at fixed widths (a streamed table keeps the widths of its first batch). */
export function renderRows(
  columns: readonly Column[],
  rows: readonly string[][],
  widths: readonly number[],
): string[] {
  return clean(rows).map((cells) =>
    cells
      .map((c, i) => pad(truncate(c, widths[i] ?? 0), widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join(' '.repeat(GAP))
      .trimEnd(),
  );
}

/** One line per row; control characters in cells are shown as spaces (no terminal escapes). */
export function renderTable(
  columns: readonly Column[],
  rows: readonly string[][],
  maxWidth: number,
): string {
  const widths = columnWidths(columns, rows, maxWidth);
  return renderRows(columns, [columns.map((c) => c.header), ...rows], widths).join('\n');
}
