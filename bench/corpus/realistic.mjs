// The benchmarks' one corpus: deterministic realistic RFC 5322 messages (same seed → same bytes),
// used by every suite (imap-client, imap-backend, jmap, maildir, sync).
// - 4,000 distinct senders (people.mjs) across nine languages, names and subjects in the charsets
//   their mail really arrives in: UTF-8, ISO-8859-1/2/7/15, windows-1250/1251/1252, KOI8-R,
//   ISO-2022-JP, GB18030 — RFC 2047 B and Q words, some names "Family, Given" or bare addresses;
// - threads: a third of the messages answer one of the last 300 (In-Reply-To, References up to
//   12 deep, "Re: " + the thread's subject, in the replier's charset when it can carry it);
// - a quarter from mailing lists (List-Id, a [tag] before the subject), Received chains, DKIM;
// - bodies in the sender's charset (8bit, quoted-printable, base64, 7bit ISO-2022-JP), plain,
//   alternative with HTML, mixed with 1–3 attachments (RFC 2231 and RFC 2047 file names);
// - bodies of 1 KB–10 MB: 70 % 1–6 KB, 25 % 6–48 KB, 4.5 % 48 KB–1 MB, 0.45 % 1–4 MB,
//   0.05 % 4–10 MB, plus 1.5–4 KB of header (about 35 KB a message on average).
// Every yielded message: { message: Buffer, flags, date: Date (the Date header), messageId }.
import { encode, encodedWords, quotedPrintable } from './charsets.mjs';
import { LANGUAGES, people } from './people.mjs';

export { CORPUS_ID } from './id.mjs';

export function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII_WORDS =
  'the report meeting invoice budget deployment release notes customer feedback agenda minutes schedule please review attached thanks regards update server patch migration quarter numbers draft'.split(
    ' ',
  );
const LISTS = ['dev', 'announce', 'users', 'security', 'ops'].map((n) => ({
  name: n,
  id: `${n}.lists.example.org`,
}));
const OWNER = 'me@example.org';
const ZONES = ['+0000', '+0100', '+0200', '-0500', '-0800', '+0900', '+0800', '+0300', '+0530'];
const DAYS = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

const isAscii = (s) => /^[\x20-\x7e]*$/.test(s);

/** `text` in `charset` if it can carry it, else UTF-8 (what a mail client falls back to). */
function charsetFor(text, charset) {
  if (isAscii(text)) return 'us-ascii';
  try {
    encode(text, charset);
    return charset;
  } catch {
    return 'utf-8';
  }
}

/** RFC 5322 §3.3 date-time in the given zone, for instant `ms`. */
function rfcDate(ms, zone) {
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3))) * 60_000;
  const d = new Date(ms + offset);
  const p = (n) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${zone}`;
}

/** Words split for one encoded word each, the space kept inside the word before it: RFC 2047
 * §6.2 drops white space between adjacent encoded words, so a space outside would be lost. */
const wordsWithSpaces = (text) => text.split(/(?<= )/);

/** A display name as the sender's client writes it (RFC 5322 §3.4 phrase or RFC 2047 words). */
function mailbox(person, charset, q) {
  if (person.nameStyle === 'bare') return person.address;
  const name =
    person.nameStyle === 'comma' && !person.lang.familyFirst
      ? `${person.family}, ${person.given}`
      : person.display;
  const cs = charsetFor(name, charset);
  if (cs === 'us-ascii')
    return /[,"'.]/.test(name) ? `"${name}" <${person.address}>` : `${name} <${person.address}>`;
  const parts = person.nameStyle === 'comma' ? [name] : wordsWithSpaces(name);
  return `${encodedWords(parts, cs, q)} <${person.address}>`;
}

/** A Subject field value: ASCII as is, else one encoded word per word, folded at 76. */
function subjectField(text, charset, q) {
  const cs = charsetFor(text, charset);
  if (cs === 'us-ascii') return text;
  const m = /^((?:\[[^\]]+\] )?(?:Re: |Fwd: )?)(.*)$/.exec(text);
  const words = encodedWords(wordsWithSpaces(m[2]), cs, q).split(' ');
  let out = m[1] === '' ? '' : m[1];
  let line = 'Subject: '.length + out.length;
  words.forEach((w, k) => {
    if (k > 0) {
      const fold = line + 1 + w.length > 76;
      out += fold ? '\r\n ' : ' ';
      line = fold ? 1 : line + 1;
    }
    out += w;
    line += w.length;
  });
  return out;
}

function paragraph(rand, lang, bytes) {
  const lines = [];
  let n = 0;
  while (n < bytes) {
    const parts = [];
    for (let k = 0; k < 6; k++) {
      const x = rand();
      parts.push(
        x < 0.5
          ? ASCII_WORDS[Math.floor(rand() * ASCII_WORDS.length)]
          : x < 0.8
            ? lang.subjects[Math.floor(rand() * lang.subjects.length)]
            : lang.given[Math.floor(rand() * lang.given.length)][0],
      );
    }
    const line = parts.join(' ');
    lines.push(line);
    n += Buffer.byteLength(line) + 2;
  }
  return lines.join('\r\n');
}

/** A text part's headers and body: 8bit, quoted-printable or base64 in the sender's charset. */
function textPart(rand, text, charset, subtype = 'plain') {
  const cs = charsetFor(text, charset);
  const label = cs === 'us-ascii' ? 'us-ascii' : cs;
  const x = rand();
  const cte =
    cs === 'us-ascii' || cs === 'iso-2022-jp'
      ? '7bit'
      : cs === 'gb18030' || x >= 0.75
        ? 'base64'
        : x < 0.4
          ? '8bit'
          : 'quoted-printable';
  const body =
    cs === 'us-ascii'
      ? text
      : cte === 'quoted-printable'
        ? quotedPrintable(text, cs)
        : cte === 'base64'
          ? encode(text, cs).toString('base64').replace(/.{76}/g, '$&\r\n')
          : encode(text, cs).toString('latin1');
  return `Content-Type: text/${subtype}; charset=${label}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${body}`;
}

const ATTACHMENTS = [
  [
    'application/pdf',
    'pdf',
    ['Quarterly report', 'Rechnung März', 'Facture', '請求書', '季度报告', 'Отчёт'],
  ],
  ['image/png', 'png', ['screenshot', 'Foto', 'diagramme', '写真']],
  [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'docx',
    ['draft', 'Entwurf', 'Protokoll', 'compte rendu', 'Presupuesto'],
  ],
  ['text/calendar', 'ics', ['invite']],
];

function randomBase64(rand, bytes) {
  const buf = Buffer.allocUnsafe(bytes);
  for (let k = 0; k < bytes; k += 4)
    buf.writeUInt32LE((rand() * 4294967296) >>> 0, Math.min(k, bytes - 4));
  return buf.toString('base64').replace(/.{76}/g, '$&\r\n');
}

function attachmentPart(rand, bytes, charset, index) {
  const [type, ext, stems] = ATTACHMENTS[Math.floor(rand() * ATTACHMENTS.length)];
  const name = `${stems[Math.floor(rand() * stems.length)]} ${index}.${ext}`;
  let disposition;
  let typeName;
  if (isAscii(name)) {
    disposition = `attachment; filename="${name}"`;
    typeName = `; name="${name}"`;
  } else if (rand() < 0.5) {
    // RFC 2231 §4: charset'language'percent-encoded
    const pct = [...Buffer.from(name, 'utf8')]
      .map((b) =>
        b > 0x20 && b < 0x7f && !/[%'*()<>@,;:\\"/[\]?= ]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
    disposition = `attachment;\r\n filename*=utf-8''${pct}`;
    typeName = '';
  } else {
    // what many clients send instead: RFC 2047 words inside the quoted parameter
    const words = encodedWords([name], charsetFor(name, charset), false);
    disposition = `attachment; filename="${words}"`;
    typeName = `; name="${words}"`;
  }
  return `Content-Type: ${type}${typeName}\r\nContent-Disposition: ${disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\n${randomBase64(rand, bytes)}`;
}

/** Target body size in bytes (see the header comment for the mix). */
function bodySize(rand) {
  const x = rand();
  const logUniform = (lo, hi) => Math.floor(lo * (hi / lo) ** rand());
  if (x < 0.7) return logUniform(1_000, 6_000);
  if (x < 0.95) return logUniform(6_000, 48_000);
  if (x < 0.995) return logUniform(48_000, 1_000_000);
  if (x < 0.9995) return logUniform(1_000_000, 4_000_000);
  return logUniform(4_000_000, 10_000_000);
}

let senderCache;
/** The corpus's senders: the same 4,000 for every seed (a mailbox's seed picks its mail, not its
 * correspondents). */
export function senders() {
  senderCache ??= people(prng(2026), 4000);
  return senderCache;
}

export function* realisticCorpus(count, seed = 42) {
  const rand = prng(seed);
  const everyone = senders();
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const recent = []; // the last 300 messages: { id, refs, subject }
  const start = Date.UTC(2023, 0, 1);
  for (let i = 1; i <= count; i++) {
    const from = everyone[Math.floor(rand() ** 1.6 * everyone.length)]; // some write often
    const cs = from.charset;
    const q = from.q;
    const when = start + Math.floor(((i - 1 + rand()) / count) * 3 * 365 * 86400e3);
    const zone = pick(ZONES);
    const list = rand() < 0.25 ? pick(LISTS) : undefined;
    const parent = recent.length > 0 && rand() < 0.33 ? pick(recent) : undefined;
    const root = parent?.subject ?? pick(from.lang.subjects);
    const subject = `${list ? `[${list.name}] ` : ''}${parent ? 'Re: ' : rand() < 0.03 ? 'Fwd: ' : ''}${root}`;
    const domain = from.address.slice(from.address.indexOf('@') + 1);
    const messageId = `${Math.floor(rand() * 2 ** 40).toString(36)}.${i}.${seed}@${domain}`;
    const refs = parent ? [...parent.refs, parent.id].slice(-12) : [];
    recent.push({ id: messageId, refs, subject: root });
    if (recent.length > 300) recent.shift();

    const others = Array.from({ length: Math.floor(rand() ** 2 * 4) }, () => pick(everyone));
    const to = list
      ? `${list.name}@lists.example.org`
      : [OWNER, ...others.map((p) => mailbox(p, cs, q))].join(',\r\n ');
    const hops = 2 + Math.floor(rand() * 4);
    const headers = [`Return-Path: <${from.address}>`, `Delivered-To: ${OWNER}`];
    for (let h = 0; h < hops; h++)
      headers.push(
        `Received: from mx${h}.${domain} (mx${h}.${domain} [198.51.100.${(i + h) % 250}])\r\n\tby mx.example.org (Postfix) with ESMTPS id ${(i * 31 + h).toString(16).toUpperCase()}\r\n\tfor <${OWNER}>; ${rfcDate(when - h * 2000, '+0000')}`,
      );
    if (rand() < 0.6)
      headers.push(
        `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=s${i % 3};\r\n\th=from:to:subject:date:message-id; bh=${randomBase64(rand, 32).slice(0, 44)};\r\n\tb=${randomBase64(rand, 192).replace(/\r\n/g, '\r\n\t ')}`,
      );
    if (list)
      headers.push(
        `List-Id: ${list.name} <${list.id}>`,
        `List-Unsubscribe: <mailto:${list.name}-unsubscribe@lists.example.org>`,
        'Precedence: list',
      );
    headers.push(`From: ${mailbox(from, cs, q)}`, `To: ${to}`);
    if (rand() < 0.2) headers.push(`Cc: ${mailbox(pick(everyone), cs, q)}`);
    headers.push(
      `Subject: ${subjectField(subject, cs, q)}`,
      `Date: ${rfcDate(when, zone)}`,
      `Message-ID: <${messageId}>`,
    );
    if (parent)
      headers.push(
        `In-Reply-To: <${parent.id}>`,
        `References: ${refs.map((r) => `<${r}>`).join('\r\n ')}`,
      );
    headers.push('MIME-Version: 1.0');

    const size = bodySize(rand);
    const boundary = `=_b${i.toString(36)}_${seed}`;
    let body;
    if (size >= 48_000 || rand() < 0.08) {
      const n = 1 + Math.floor(rand() * 3);
      const parts = [textPart(rand, paragraph(rand, from.lang, Math.min(size, 3000)), cs)];
      for (let k = 0; k < n; k++)
        parts.push(attachmentPart(rand, Math.floor((size * 0.74) / n), cs, k + 1));
      headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
      body = `This is a multi-part message in MIME format.\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--`;
    } else if (rand() < 0.45) {
      const text = paragraph(rand, from.lang, size / 2);
      const html = `<html><body><p>${text.replaceAll('\r\n', '</p>\r\n<p>')}</p></body></html>`;
      headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
      body = `--${boundary}\r\n${textPart(rand, text, cs)}\r\n--${boundary}\r\n${textPart(rand, html, cs, 'html')}\r\n--${boundary}--`;
    } else {
      const part = textPart(rand, paragraph(rand, from.lang, size), cs);
      const split = part.indexOf('\r\n\r\n');
      headers.push(...part.slice(0, split).split('\r\n'));
      body = part.slice(split + 4);
    }
    const flags = [];
    if (rand() < 0.7) flags.push('\\Seen');
    if (rand() < 0.05) flags.push('\\Flagged');
    if (parent && rand() < 0.3) flags.push('\\Answered');
    yield {
      message: Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`, 'latin1'),
      flags,
      date: new Date(when),
      messageId,
    };
  }
}

export { LANGUAGES };
