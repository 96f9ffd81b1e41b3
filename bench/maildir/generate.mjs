// Deterministic generator of realistic Maildir folders for the listEnvelopes benchmark:
// header blocks of 1.5–4 KiB (Received chains, DKIM, folded lists, encoded words) and bodies
// whose sizes follow a mail-like mix: 70 % 1–6 KiB, 26 % 6–48 KiB, 4 % 80–400 KiB attachments.
// File names carry Dovecot's ,S=<size> as Dovecot's own deliveries do.
import { mkdirSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Alice Martin',
  'Bob Chen',
  'Jürgen Müller',
  'Zoë Dubois',
  'Priya Natarajan',
  'Li Wei',
  "O'Brien, Sean",
];
const WORDS =
  'release meeting invoice report quarterly update build failure review agenda draft lunch travel budget migration server patch'.split(
    ' ',
  );
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const DAYS = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');

function rfcDate(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function text(rand, bytes) {
  let s = '';
  while (s.length < bytes) {
    let line = '';
    while (line.length < 70) line += WORDS[Math.floor(rand() * WORDS.length)] + ' ';
    s += line.trimEnd() + '\r\n';
  }
  return s;
}

function message(rand, i) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const from = pick(NAMES);
  const addr = (n) => n.toLowerCase().replace(/[^a-z]/g, '') + '@example.org';
  const when = Date.UTC(2021, 0, 1) + Math.floor(rand() * 5 * 365 * 86400_000);
  const subjectWords = Array.from({ length: 3 + Math.floor(rand() * 6) }, () => pick(WORDS)).join(
    ' ',
  );
  const subject =
    rand() < 0.2
      ? `=?UTF-8?Q?${encodeURIComponent('Grüße ' + subjectWords).replace(/%/g, '=')}?=`
      : subjectWords;
  const hops = 2 + Math.floor(rand() * 4);
  const received = Array.from(
    { length: hops },
    (_, h) =>
      `Received: from mx${h}.relay.example.net (mx${h}.relay.example.net [192.0.2.${h + 1}])\r\n\tby mail.example.org (Postfix) with ESMTPS id ${i.toString(16)}${h}\r\n\tfor <me@example.org>; ${rfcDate(when - h * 1000)}`,
  ).join('\r\n');
  const dkim = `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=sel;\r\n\th=from:to:subject:date:message-id; bh=${'A'.repeat(44)};\r\n\tb=${Array.from({ length: 6 }, () => 'B'.repeat(64)).join('\r\n\t ')}`;
  const to = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => {
    const n = pick(NAMES);
    return `"${n}" <${addr(n)}>`;
  }).join(',\r\n ');
  const r = rand();
  const bodySize =
    r < 0.7
      ? 1024 + rand() * 5 * 1024
      : r < 0.96
        ? 6 * 1024 + rand() * 42 * 1024
        : 80 * 1024 + rand() * 320 * 1024;
  const attach = r >= 0.96;
  const headers = [
    `Return-Path: <${addr(from)}>`,
    'Delivered-To: me@example.org',
    received,
    dkim,
    `From: "${from}" <${addr(from)}>`,
    `To: ${to}`,
    ...(rand() < 0.3 ? [`Cc: ${addr(pick(NAMES))}`] : []),
    `Subject: ${subject}`,
    `Date: ${rfcDate(when)}`,
    `Message-ID: <${i}.${when}@example.org>`,
    ...(rand() < 0.4
      ? [
          `In-Reply-To: <${i - 1}@example.org>`,
          `References: <${i - 2}@example.org> <${i - 1}@example.org>`,
        ]
      : []),
    'MIME-Version: 1.0',
    attach
      ? 'Content-Type: multipart/mixed; boundary="b1"'
      : 'Content-Type: text/plain; charset=utf-8',
  ].join('\r\n');
  const body = attach
    ? `--b1\r\nContent-Type: text/plain\r\n\r\n${text(rand, 1500)}--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="r.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(
        text(rand, (bodySize * 3) / 4),
      )
        .toString('base64')
        .replace(/.{76}/g, '$&\r\n')}\r\n--b1--\r\n`
    : text(rand, bodySize);
  return { bytes: Buffer.from(`${headers}\r\n\r\n${body}`), when };
}

/** Create `<dir>` with `count` messages unless it is already complete. */
export function generate(dir, count) {
  if (existsSync(join(dir, '.complete'))) return false;
  const staging = `${dir}.partial`;
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(staging, sub), { recursive: true });
  const rand = prng(count);
  for (let i = 0; i < count; i++) {
    const { bytes, when } = message(rand, i);
    const flags = rand() < 0.8 ? 'S' : rand() < 0.5 ? 'FS' : '';
    const name = `${Math.floor(when / 1000)}.M${i}P1Q${i}.bench,S=${bytes.length}:2,${flags}`;
    writeFileSync(join(staging, 'cur', name), bytes);
  }
  writeFileSync(join(staging, '.complete'), String(count));
  renameSync(staging, dir);
  return true;
}
