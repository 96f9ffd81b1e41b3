/**
 * Maildir file names (cr.yp.to/proto/maildir.html): `<unique>[:2,<info letters>]`. The id of
 * a message is its unique part; info is split at the first `:2,` (a `,S=1234` Dovecot size
 * field inside the unique part must never be mistaken for flags). Letters are kept in ASCII
 * order as the spec requires.
 */

export interface MaildirFileName {
  /** The unique part: the message id within its mailbox. */
  unique: string;
  /** Info letters after `:2,` (uppercase = standard flags, a..z = dovecot-keywords slots). */
  letters: string;
  /** Whether the name had an info suffix at all. */
  hasInfo: boolean;
  /** Dovecot's `,S=<size>` (physical size), when present. */
  size?: number;
}

export function parseFileName(name: string): MaildirFileName {
  const at = name.indexOf(':2,');
  const unique = at === -1 ? name : name.slice(0, at);
  const letters = at === -1 ? '' : name.slice(at + 3);
  const out: MaildirFileName = { unique, letters, hasInfo: at !== -1 };
  const field = unique.indexOf(',S=');
  if (field !== -1) {
    const end = digitsEnd(unique, field + 3);
    if (end > field + 3) out.size = Number(unique.slice(field + 3, end));
  }
  return out;
}

/** Sorted (ASCII), de-duplicated letters, so equal flag sets give equal names. */
export function normalizeLetters(letters: string): string {
  return [...new Set(letters.replace(/[^A-Za-z]/g, ''))].sort().join('');
}

export function formatFileName(unique: string, letters: string): string {
  return `${unique}:2,${normalizeLetters(letters)}`;
}

/** The file-name time (first field of a spec unique name), used as receivedAt. */
export function timeFromUnique(unique: string): Date | undefined {
  const dot = unique.indexOf('.');
  if (dot < 9 || dot > 11 || digitsEnd(unique, 0) !== dot) return undefined;
  return new Date(Number(unique.slice(0, dot)) * 1000);
}

/** Index just past the run of decimal digits starting at text[from]. */
function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  return i;
}

/** Maildir spec: '/' and ':' in the host name are written as \057 and \072. */
export function safeHostname(host: string): string {
  return (
    host
      .replace(/\//g, '\\057')
      .replace(/:/g, '\\072')
      .replace(/[^\x21-\x7e]/g, '_') || 'localhost'
  );
}

export interface UniqueInputs {
  nowMs: number;
  pid: number;
  counter: number;
  random: Uint8Array;
  hostname: string;
  size: number;
}

/**
 * `<secs>.M<usec>P<pid>Q<counter>R<random>.<host>,S=<size>`: the modern spec form (time,
 * microseconds, pid, per-process delivery counter, random) plus Dovecot's size field.
 */
export function mintUnique(input: UniqueInputs): string {
  const secs = Math.floor(input.nowMs / 1000);
  const usec = Math.floor((input.nowMs % 1000) * 1000);
  const rand = Buffer.from(input.random).toString('hex');
  return `${secs}.M${usec}P${input.pid}Q${input.counter}R${rand}.${safeHostname(input.hostname)},S=${input.size}`;
}
