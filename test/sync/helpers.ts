/**
 * Helpers for sync tests on any pair of backends: build messages, list a side as
 * `mailbox → sorted "content-key flags"` lines (the observable result two synced sides must
 * share), and find a message's id by subject.
 */
import type { Backend } from '../../src/shared/backend.js';
import { bytesKey, canonicalName, envelopeKey } from '../../src/sync/index.js';

let serial = 0;

export function message(subject: string, options: { id?: string | null; date?: string } = {}) {
  serial++;
  const id =
    options.id === undefined
      ? `<sync.${serial}.${subject.replace(/\W/g, '')}@mailroom.test>`
      : options.id;
  const date = new Date(options.date ?? Date.UTC(2026, 0, 1, 0, serial % 1440)).toUTCString();
  return [
    `Date: ${date.replace('GMT', '+0000')}`,
    'From: Sync Tester <sync@example.org>',
    'To: someone@example.org',
    `Subject: ${subject}`,
    ...(id === null ? [] : [`Message-ID: ${id}`]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${subject} (${serial}).`,
    '',
  ].join('\r\n');
}

export type SideView = Record<string, string[]>;

/** Every mailbox (selected by `filter`) with its messages as "key [flags]" lines, sorted. */
export async function view(
  backend: Backend,
  filter: (name: string) => boolean = () => true,
): Promise<SideView> {
  const out: SideView = {};
  for (const box of await backend.listMailboxes!()) {
    const name = canonicalName(box);
    if (!filter(name)) continue;
    const diff = await backend.diffEnvelopes!(box.id);
    const lines: string[] = [];
    for (const e of diff.added) {
      const key = envelopeKey(e) ?? bytesKey(await backend.getMessage!(box.id, e.id));
      const flags = e.flags.map((f) => f.toLowerCase()).sort();
      lines.push(`${key} [${flags.join(' ')}]`);
    }
    out[name] = lines.sort();
  }
  return out;
}

export async function mailboxId(backend: Backend, name: string): Promise<string> {
  const box = (await backend.listMailboxes!()).find((b) => canonicalName(b) === name);
  if (box === undefined) throw new Error(`no mailbox ${name} on ${backend.name}`);
  return box.id;
}

export async function idBySubject(backend: Backend, name: string, subject: string) {
  const box = await mailboxId(backend, name);
  const diff = await backend.diffEnvelopes!(box);
  const e = diff.added.find((x) => x.subject === subject);
  if (e === undefined) throw new Error(`no "${subject}" in ${name} on ${backend.name}`);
  return { box, id: e.id };
}

export async function add(backend: Backend, name: string, subject: string, flags: string[] = []) {
  const raw = message(subject);
  await backend.addMessage!(await mailboxId(backend, name), raw, { flags });
  return raw;
}
