/**
 * Minimal RFC 5322 §2.2 header-block reading for local `header` conditions: unfold (§2.2.3),
 * split at the first ':' of each field, compare names case-insensitively. Values are matched as
 * the provider gives them (encoded-words are not decoded here), with runs of spaces and tabs
 * (including the ones folding leaves behind) collapsed to one space.
 */
export interface HeaderField {
  name: string;
  value: string;
}

export function parseHeaderBlock(block: string): HeaderField[] {
  const end = block.search(/\r?\n\r?\n/);
  const head = end === -1 ? block : block.slice(0, end);
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  const fields: HeaderField[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({
      name: line.slice(0, colon).trim(),
      value: line
        .slice(colon + 1)
        .replace(/[ \t]+/g, ' ')
        .trim(),
    });
  }
  return fields;
}
