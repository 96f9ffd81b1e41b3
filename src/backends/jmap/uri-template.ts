/**
 * RFC 6570 level 1 expansion ({var}: simple string expansion) for the session's downloadUrl,
 * uploadUrl and eventSourceUrl templates (RFC 8620 §2). Values are percent-encoded except the
 * unreserved set (RFC 6570 §3.2.2: U+U is not allowed in level 1).
 */
const UNRESERVED = /[A-Za-z0-9\-._~]/;

function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else
      for (const byte of new TextEncoder().encode(ch))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Expand `{name}` expressions; an undefined variable expands to the empty string (§3.2.1). */
export function expandTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = variables[name];
    return value === undefined ? '' : encode(value);
  });
}
