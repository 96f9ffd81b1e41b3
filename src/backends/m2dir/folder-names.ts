/**
 * Mailbox names ↔ m2store folder paths (docs/m2dir.md, Store format). A mailbox id is its folder's
 * decoded path components joined with `/`; each component is stored UTF-8 percent-encoded
 * (`%XX`, uppercase) for control bytes, `%`, `/`, `\` and every non-ASCII byte. We also encode
 * a leading `.` because the spec makes dot-names invisible (m2dir spec: "any directory starting
 * with `.` must be ignored"). Nothing a caller passes can name a path outside the root.
 */
import { MailError } from '../../shared/errors.js';
import type { MailboxPath } from '../../shared/backend.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** NAME_MAX on common filesystems. */
const MAX_COMPONENT_BYTES = 255;

function mustEncode(byte: number, index: number): boolean {
  return (
    byte < 0x20 ||
    byte === 0x7f ||
    byte >= 0x80 ||
    byte === 0x25 ||
    byte === 0x2f ||
    byte === 0x5c ||
    (index === 0 && byte === 0x2e)
  );
}

export function encodeComponent(name: string): string {
  let out = '';
  const bytes = encoder.encode(name);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out += mustEncode(b, i)
      ? `%${b.toString(16).toUpperCase().padStart(2, '0')}`
      : String.fromCharCode(b);
  }
  return out;
}

/** undefined when the directory name is not a canonical encoding (we would not find it again). */
export function decodeComponent(encoded: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded.charCodeAt(i);
    if (c === 0x25) {
      const hex = encoded.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else return undefined;
  }
  let name: string;
  try {
    name = decoder.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
  return encodeComponent(name) === encoded && isSafeComponent(name) ? name : undefined;
}

function isSafeComponent(name: string): boolean {
  return (
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !name.includes('\0')
  );
}

function invalid(message: string): MailError {
  return new MailError('ERR_INVALID_ARGUMENT', message, {
    hint: "mailbox names are '/'-separated components without '..', NUL or backslashes",
  });
}

/** Validate path components; throws ERR_INVALID_ARGUMENT for anything that could escape. */
export function checkComponents(components: readonly string[]): string[] {
  if (components.length === 0) throw invalid('mailbox name is empty');
  for (const c of components) {
    if (!isSafeComponent(c))
      throw invalid(`mailbox name component ${JSON.stringify(c)} is not allowed`);
    if (encodeComponent(c).length > MAX_COMPONENT_BYTES)
      throw invalid('mailbox name component is too long');
  }
  return [...components];
}

/** A mailbox id or a '/'-separated name → components. */
export function componentsOfId(id: string): string[] {
  if (typeof id !== 'string') throw invalid('mailbox must be a string id');
  if (id.startsWith('/')) throw invalid('mailbox name must not be an absolute path');
  return checkComponents(id.split('/'));
}

/**
 * A name for a mailbox being created or renamed: as componentsOfId/checkComponents, and no
 * control characters (CR, LF, NUL, …, DEL) in any component — the rule Maildir applies, so a
 * name that one local store refuses the other refuses too. Existing folders whose encoded
 * names hold such bytes (made by another tool) stay readable by id.
 */
export function componentsOfPath(path: MailboxPath): string[] {
  const components = typeof path === 'string' ? componentsOfId(path) : checkComponents(path);
  for (const c of components) {
    if (/[\x00-\x1f\x7f]/.test(c))
      throw invalid('mailbox names must not contain control characters (CR, LF, NUL, …)');
  }
  return components;
}

export function idOfComponents(components: readonly string[]): string {
  return components.join('/');
}

/** The folder's directory, relative to the store root. */
export function relativeDirOf(components: readonly string[]): string {
  return components.map(encodeComponent).join('/');
}
