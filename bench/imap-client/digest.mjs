// The imap-client suite's cross-check: per message, in UID order — UID, flags (normalised:
// `\Seen` → `seen`; \Recent, a session flag, left out), subject, From and To (display name and
// address), the Date header as an instant and the Message-ID. Decoded runs give decoded text
// and instants; the raw run (mailroom without decoding) gives the wire strings, so its digest
// is its own (`raw: true`).
import { createHash } from 'node:crypto';

const flag = (f) =>
  String(f)
    .replace(/^[\\$]/, '')
    .toLowerCase();
const people = (list) => (list ?? []).map((a) => [a.name ?? '', (a.address ?? '').toLowerCase()]);

/** records: { uid, flags, subject, from: {name, address}[], to, date: number | string | null, messageId }[] */
export function fetchDigest(records) {
  const lines = [...records]
    .sort((a, b) => a.uid - b.uid)
    .map((r) =>
      JSON.stringify([
        r.uid,
        [...new Set([...r.flags].map(flag))].filter((f) => f !== 'recent').sort(),
        r.subject ?? '',
        people(r.from),
        people(r.to),
        typeof r.date === 'number' && Number.isNaN(r.date) ? null : (r.date ?? null),
        r.messageId ?? null,
      ]),
    );
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}
