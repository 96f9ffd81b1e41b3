// Deterministic generator of a recorded IMAP FETCH response stream: N untagged
// `FETCH (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)` responses shaped like a
// real mailbox (encoded-word subjects and names, multipart/alternative and mixed bodies,
// attachments with dispositions, some forwarded message/rfc822 parts), then a tagged OK.

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'Dave',
  'Eve',
  'Frank',
  'Grace',
  'Heidi',
  'Ivan',
  'Judy',
  'Mallory',
  'Oscar',
  'Peggy',
  'Trent',
  'Walter',
  'Zoë',
  'Jürgen',
  'Søren',
  'François',
  'Łukasz',
];
const LAST = [
  'Smith',
  'Jones',
  'Müller',
  'García',
  'Rossi',
  'Dubois',
  'Novak',
  'Kowalski',
  'Andersson',
  'Tanaka',
];
const DOMAINS = [
  'example.com',
  'example.org',
  'mail.example.net',
  'corp.example',
  'lists.example.com',
];
const WORDS = [
  'meeting',
  'report',
  'invoice',
  'update',
  'weekly',
  'project',
  'budget',
  'review',
  'draft',
  'release',
  'notes',
  'schedule',
  'Grüße',
  'café',
  'résumé',
  'naïve',
  '日本',
  'Привет',
];
const FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '$Forwarded', '$Junk', '\\Draft'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const q = (s) => `"${s.replace(/[\\"]/g, '\\$&')}"`;
const pick = (r, a) => a[Math.floor(r() * a.length)];
const pad = (n) => String(n).padStart(2, '0');

function encodedWord(r, text) {
  if (/^[\x20-\x7e]*$/.test(text) && r() < 0.6) return text;
  if (r() < 0.5) return `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
  const qp = Array.from(Buffer.from(text))
    .map((b) =>
      b > 0x20 && b < 0x7f && b !== 0x3d && b !== 0x3f && b !== 0x5f
        ? String.fromCharCode(b)
        : b === 0x20
          ? '_'
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
  return `=?UTF-8?Q?${qp}?=`;
}

function address(r) {
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  const name = r() < 0.15 ? 'NIL' : q(encodedWord(r, `${first} ${last}`));
  return `(${name} NIL ${q(
    `${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${last.toLowerCase().replace(/[^a-z]/g, '')}`,
  )} ${q(pick(r, DOMAINS))})`;
}

function addresses(r, min, max) {
  const n = min + Math.floor(r() * (max - min + 1));
  if (n === 0) return 'NIL';
  return `(${Array.from({ length: n }, () => address(r)).join('')})`;
}

function rfc2822Date(r, t) {
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function envelope(r, i, t) {
  const subject = Array.from({ length: 2 + Math.floor(r() * 6) }, () => pick(r, WORDS)).join(' ');
  const subj = (r() < 0.3 ? 'Re: ' : '') + subject;
  const msgId = `<${((i * 2654435761) >>> 0).toString(36)}.${i}@${pick(r, DOMAINS)}>`;
  const inReply =
    r() < 0.3 ? q(`<${((i * 40503) >>> 0).toString(36)}@${pick(r, DOMAINS)}>`) : 'NIL';
  const from = addresses(r, 1, 1);
  return `(${q(rfc2822Date(r, t))} ${q(encodedWord(r, subj))} ${from} ${from} ${from} ${addresses(r, 1, 3)} ${addresses(r, 0, 3)} NIL ${inReply} ${q(msgId)})`;
}

function textPart(r, sub) {
  const size = 200 + Math.floor(r() * 20000);
  return `("TEXT" ${q(sub)} ("CHARSET" ${q(r() < 0.8 ? 'UTF-8' : 'ISO-8859-1')}) NIL NIL ${q(r() < 0.5 ? 'QUOTED-PRINTABLE' : '7BIT')} ${size} ${Math.ceil(size / 60)} NIL NIL NIL NIL)`;
}

function attachment(r) {
  const name = encodedWord(
    r,
    `${pick(r, WORDS)}-${Math.floor(r() * 1000)}.${pick(r, ['pdf', 'png', 'docx', 'zip'])}`,
  );
  const [type, sub] = pick(r, [
    ['APPLICATION', 'PDF'],
    ['IMAGE', 'PNG'],
    ['APPLICATION', 'VND.OPENXMLFORMATS-OFFICEDOCUMENT.WORDPROCESSINGML.DOCUMENT'],
    ['APPLICATION', 'ZIP'],
  ]);
  return `(${q(type)} ${q(sub)} ("NAME" ${q(name)}) NIL NIL "BASE64" ${1000 + Math.floor(r() * 500000)} NIL ("ATTACHMENT" ("FILENAME" ${q(name)})) NIL NIL)`;
}

function alternative(r) {
  return `(${textPart(r, 'PLAIN')}${textPart(r, 'HTML')} "ALTERNATIVE" ("BOUNDARY" ${q(`alt-${Math.floor(r() * 1e9)}`)}) NIL NIL NIL)`;
}

function bodystructure(r, i, t, depth = 0) {
  const k = r();
  if (k < 0.3) return textPart(r, 'PLAIN');
  if (k < 0.65) return alternative(r);
  if (k < 0.93 || depth > 0) {
    const atts = Array.from({ length: 1 + Math.floor(r() * 3) }, () => attachment(r)).join('');
    return `(${alternative(r)}${atts} "MIXED" ("BOUNDARY" ${q(`mix-${Math.floor(r() * 1e9)}`)}) NIL NIL NIL)`;
  }
  const inner = bodystructure(r, i + 1, t, depth + 1);
  const fwd = `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" ${5000 + Math.floor(r() * 50000)} ${envelope(r, i + 7, t)} ${inner} ${100 + Math.floor(r() * 900)} NIL NIL NIL NIL)`;
  return `(${textPart(r, 'PLAIN')}${fwd} "MIXED" ("BOUNDARY" ${q(`fwd-${Math.floor(r() * 1e9)}`)}) NIL NIL NIL)`;
}

/** @returns {Buffer} the recorded server byte stream */
export function generateFetchStream(count, seed = 20260101) {
  const r = rng(seed);
  const lines = [];
  let t = Date.UTC(2025, 0, 1);
  for (let i = 1; i <= count; i++) {
    t += Math.floor(r() * 3_600_000);
    const d = new Date(t);
    const internal = `${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
    const flags = FLAGS.filter(() => r() < 0.3).join(' ');
    const size = 1000 + Math.floor(r() * 600000);
    lines.push(
      `* ${i} FETCH (UID ${1000 + i} FLAGS (${flags}) INTERNALDATE ${q(internal)} RFC822.SIZE ${size} ENVELOPE ${envelope(r, i, t)} BODYSTRUCTURE ${bodystructure(r, i, t)})\r\n`,
    );
  }
  lines.push('A1 OK FETCH completed\r\n');
  return Buffer.from(lines.join(''));
}
