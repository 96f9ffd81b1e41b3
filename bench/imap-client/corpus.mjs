// Deterministic corpus of realistic RFC 5322 messages (2–50 KB): plain, multipart/alternative,
// multipart/mixed with a base64 attachment; RFC 2047 encoded-word subjects and names in several
// charsets; threads (In-Reply-To/References); folded headers. Same seed → same bytes.
const SUBJECTS = [
  'Quarterly report',
  '=?utf-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
  '=?utf-8?Q?Caf=C3=A9_cr=C3=A8me_=C3=A0_Paris?=',
  '=?iso-8859-1?Q?Ni=F1o_a=F1o_se=F1or?=',
  '=?koi8-r?B?8NLJ18XUIMnaIO3P08vX2Q==?=',
  'Re: meeting schedule for the release',
  'Invoice attached — please review',
  '=?utf-8?B?44GT44KT44Gr44Gh44Gv5LiW55WM?=',
];
const NAMES = [
  'Alice Smith',
  '=?utf-8?Q?J=C3=B6rg_M=C3=BCller?=',
  'Bob',
  '"O\'Brien, Pat"',
  'Hiroshi Tanaka',
  'Zoë Chen',
];
const WORDS =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor report meeting invoice budget deployment release notes customer feedback agenda minutes'.split(
    ' ',
  );

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* corpus(count, seed = 42) {
  const r = prng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const addr = (i) => `${pick(NAMES)} <user${i % 97}@example${i % 5}.test>`;
  const text = (bytes) => {
    const out = [];
    let n = 0;
    while (n < bytes) {
      const line = Array.from({ length: 12 }, () => pick(WORDS)).join(' ');
      out.push(line);
      n += line.length + 2;
    }
    return out.join('\r\n');
  };
  for (let i = 1; i <= count; i++) {
    const size = 2000 + Math.floor(r() ** 3 * 48000);
    const date = new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 730 * 86400e3))
      .toUTCString()
      .replace('GMT', '+0000');
    const headers = [
      `Return-Path: <user${i % 97}@example.test>`,
      `Received: from mx${i % 7}.example.test (mx.example.test [192.0.2.${i % 250}])\r\n\tby mail.example.test with ESMTPS id ${i.toString(36)}\r\n\tfor <testuser2@example.test>; ${date}`,
      `Date: ${date}`,
      `From: ${addr(i)}`,
      `To: ${addr(i + 1)}, ${addr(i + 2)}`,
      ...(r() < 0.3 ? [`Cc: ${addr(i + 3)}`] : []),
      `Subject: ${pick(SUBJECTS)} #${i}`,
      `Message-ID: <${i}.${seed}@bench.example.test>`,
      ...(i > 1 && r() < 0.4
        ? [
            `In-Reply-To: <${i - 1}.${seed}@bench.example.test>`,
            `References: <${i - 1}.${seed}@bench.example.test>`,
          ]
        : []),
      'MIME-Version: 1.0',
    ];
    const kind = r();
    let body;
    if (kind < 0.4) {
      headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
      body = text(size);
    } else if (kind < 0.75) {
      headers.push('Content-Type: multipart/alternative; boundary="alt-b"');
      const t = text(size / 2);
      body = `--alt-b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${t}\r\n--alt-b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>${t}</p></body></html>\r\n--alt-b--`;
    } else {
      headers.push('Content-Type: multipart/mixed; boundary="mix-b"');
      const att = Buffer.from(text(size / 2))
        .toString('base64')
        .replace(/.{76}/g, '$&\r\n');
      body = `--mix-b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text(size / 3)}\r\n--mix-b\r\nContent-Type: application/octet-stream; name="report-${i}.bin"\r\nContent-Disposition: attachment; filename="report-${i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${att}\r\n--mix-b--`;
    }
    yield {
      message: Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`),
      flags: r() < 0.6 ? ['\\Seen'] : [],
    };
  }
}
