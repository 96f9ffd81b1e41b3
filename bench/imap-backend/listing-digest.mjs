// The cross-check of the imap-backend suite: what every client's listing must agree on, in its
// listing order (newest first) — per message UID, flags (normalised: `\Seen` and mailroom's
// `seen` are one flag; \Recent, a session flag, is left out), RFC822.SIZE, the Date header as an
// instant, the Message-ID and whether a part has disposition attachment. Subjects and display
// names are left out on purpose: the peers do not decode them the same way (#15's decoded suite).
import { createHash } from 'node:crypto';

const flag = (f) =>
  String(f)
    .replace(/^[\\$]/, '')
    .toLowerCase();

/** records: { uid, flags, size, date (Date | undefined), messageId, attachment }[] */
export function listingDigest(records) {
  const lines = records.map((r) =>
    JSON.stringify([
      Number(r.uid),
      [...new Set(r.flags.map(flag))].filter((f) => f !== 'recent').sort(),
      r.size,
      r.date instanceof Date && !Number.isNaN(r.date.getTime()) ? r.date.getTime() : null,
      r.messageId ?? null,
      r.attachment === true,
    ]),
  );
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}
