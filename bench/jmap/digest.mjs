// The observable result of a JMAP listing, the same for every client (the cross-check): per
// message in listing order its id, keyword set, receivedAt instant, size, From addresses and
// subject, digested. mailroom's Envelope and the floor's raw Email objects are reduced to the
// same lines; the digest is taken after the clock stops. hasAttachment is not compared: the
// floor takes Cyrus's own property, mailroom computes it from the body structure (docs/model.md
// "Attachments"), and the two definitions differ on inline parts.
import { createHash } from 'node:crypto';

const STANDARD = new Set(['seen', 'flagged', 'answered', 'draft', 'forwarded']);
/** `$seen` and `seen` are one flag; other keywords compare case-insensitively. */
const flagName = (k) => {
  const lower = k.toLowerCase();
  return lower.startsWith('$') && STANDARD.has(lower.slice(1)) ? lower.slice(1) : lower;
};

const line = ({ id, flags, receivedAt, size, from, subject }) =>
  [
    id,
    [...new Set(flags.map(flagName))].sort().join(' '),
    receivedAt === undefined ? '-' : new Date(receivedAt).getTime(),
    size,
    from.map((a) => (a.address ?? a.email ?? '').toLowerCase()).join(','),
    subject ?? '',
  ].join('|');

const digestOf = (lines) => ({
  count: lines.length,
  digest: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16),
});

/** mailroom Envelopes, in listing order. */
export const envelopeDigest = (envelopes) =>
  digestOf(
    envelopes.map((e) =>
      line({
        id: e.id,
        flags: e.flags,
        receivedAt: e.receivedAt,
        size: e.size,
        from: e.from ?? [],
        subject: e.subject,
      }),
    ),
  );

/** Raw RFC 8621 Email objects, in Email/query order. */
export const emailDigest = (emails) =>
  digestOf(
    emails.map((m) =>
      line({
        id: m.id,
        flags: Object.keys(m.keywords ?? {}).filter((k) => m.keywords[k] === true),
        receivedAt: m.receivedAt,
        size: m.size,
        from: m.from ?? [],
        subject: m.subject,
      }),
    ),
  );
