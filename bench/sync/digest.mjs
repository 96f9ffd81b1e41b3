// The observable result of a pull: the mailbox's Maildir as a set of (Message-ID, standard
// flag letters) lines, digested. Every tool's Maildir must give the digest of the server's
// mailbox before its time counts.
import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function messageId(path) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16384);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf
      .subarray(0, n)
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0];
    const m = /^message-id:\s*(<[^>]*>)/im.exec(head);
    return m ? m[1] : '(none)';
  } finally {
    closeSync(fd);
  }
}

/** The lines of one mailbox's Maildir (cur/ and new/), unsorted. */
function maildirLines(dir) {
  const lines = [];
  for (const sub of ['cur', 'new']) {
    let names;
    try {
      names = readdirSync(join(dir, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      const i = name.indexOf(':2,');
      const flags =
        i === -1
          ? ''
          : [...name.slice(i + 3)]
              .filter((c) => 'DFPRST'.includes(c))
              .sort()
              .join('');
      lines.push(`${messageId(join(dir, sub, name))} ${flags}`);
    }
  }
  return lines;
}

/** `lines` sorted and digested, with their count. */
function digestOf(lines) {
  lines.sort();
  return {
    count: lines.length,
    digest: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16),
  };
}

/** `boxes`: [mailbox name, its Maildir folder] pairs; each line is prefixed by the name. */
export function maildirDigest(boxes) {
  return digestOf(boxes.flatMap(([name, dir]) => maildirLines(dir).map((l) => `${name} ${l}`)));
}

/** The same lines from the server's `mailboxes`, through mailroom's ImapBackend listing. */
export async function serverDigest(backend, mailboxes) {
  const lines = [];
  for (const mailbox of mailboxes)
    for (const line of await serverLines(backend, mailbox)) lines.push(`${mailbox} ${line}`);
  return digestOf(lines);
}

async function serverLines(backend, mailbox) {
  const LETTERS = {
    draft: 'D',
    flagged: 'F',
    forwarded: 'P',
    answered: 'R',
    seen: 'S',
    deleted: 'T',
  };
  const diff = await backend.diffEnvelopes(mailbox);
  return diff.added.map(
    (e) =>
      `${e.messageId === undefined ? '(none)' : `<${e.messageId.replace(/^<|>$/g, '')}>`} ${e.flags
        .map((f) => LETTERS[f] ?? '')
        .sort()
        .join('')}`,
  );
}
