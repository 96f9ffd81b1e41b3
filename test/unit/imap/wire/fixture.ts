/**
 * Loads wire fixtures (format: test/fixtures/imap/README.md) into the exact server bytes, and
 * replays byte streams through the framer + decoder.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import type { DecodeOptions, ImapResponse } from '../../../../src/backends/imap/wire/types.js';
import type { FramerOptions } from '../../../../src/backends/imap/wire/framing-types.js';
import { MailError } from '../../../../src/shared/errors.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/imap/', import.meta.url));

const utf8 = new TextEncoder();

export function loadFixture(relative: string): Uint8Array {
  const lines = readFileSync(FIXTURES + relative, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parts: Uint8Array[] = [];
  const push = (s: string): void => {
    parts.push(utf8.encode(s.replaceAll('<NUL>', '\0')));
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) continue;
    const m = /(~?)\{\*\}$/.exec(line);
    if (!m) {
      push(line + '\r\n');
      continue;
    }
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== '.' && lines[j] !== '.nocrlf') body.push(lines[j++]!);
    const text = body.join('\r\n') + (lines[j] === '.' ? '\r\n' : '');
    const bytes = utf8.encode(text.replaceAll('<NUL>', '\0'));
    push(`${line.slice(0, -3)}{${bytes.length}}\r\n`);
    parts.push(bytes);
    i = j;
    // the rest of the response continues on the next line (pushed by the loop)
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type Outcome = { ok: ImapResponse } | { error: string };

/** Feeds `chunks` through a fresh framer and decodes every message (errors as their code). */
export function replay(
  chunks: readonly Uint8Array[],
  options: DecodeOptions = {},
  framerOptions: FramerOptions = {},
): Outcome[] {
  const framer = new ImapFramer(framerOptions);
  const out: Outcome[] = [];
  const drain = (): void => {
    for (let e = framer.next(); e !== undefined; e = framer.next()) {
      if (e.kind === 'error') out.push({ error: e.error.code });
      else if (e.kind === 'message') {
        try {
          out.push({ ok: decodeResponse(e, options) });
        } catch (error) {
          if (!(error instanceof MailError)) throw error;
          out.push({ error: error.code });
        }
      }
    }
  };
  for (const c of chunks) {
    framer.push(c);
    drain();
  }
  return out;
}

/** Decodes a fixture in one chunk, failing on any error. */
export function decodeAll(bytes: Uint8Array, options: DecodeOptions = {}): ImapResponse[] {
  return replay([bytes], options).map((o) => {
    if ('error' in o) throw new Error(`unexpected ${o.error}`);
    return o.ok;
  });
}

/** Structural form for comparisons across chunkings (byte views → plain arrays). */
export function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Uint8Array ? { bytes: Array.from(v) } : typeof v === 'bigint' ? `${v}n` : v,
    ),
  );
}
