/**
 * Crash safety: a child process adds, moves and re-flags messages in a Maildir and is SIGKILLed
 * at random points, many times. Afterwards every seeded message and every add the child
 * acknowledged is present exactly once (across both mailboxes) and byte-for-byte intact, and no
 * message appears twice. Unacknowledged adds may be absent (never renamed out of tmp/).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../src/backends/maildir/index.js';

const SEEDED = 40;
const ITERATIONS = 40;
const BUDGET_MS = 45_000;
const entry = resolve('src/backends/maildir/index.ts');

const body = (k: number): string =>
  `From: w@example.test\r\nSubject: msg ${k}\r\nMessage-ID: <crash-${k}@example.test>\r\n` +
  `Date: Sat, 21 Nov 2026 10:00:00 +0000\r\n\r\n${`payload ${k} `.repeat(200)}\r\n`;

/** The worker: random adds (numbered from argv[3]), moves and flag changes until killed. */
const worker = `
import { MaildirBackend } from ${JSON.stringify(entry)};
const [root, firstAdd] = [process.argv[1], Number(process.argv[2])];
const body = ${body.toString()};
const b = new MaildirBackend({ root, layout: 'maildir++' });
const boxes = ['INBOX', 'Other'];
const flags = ['seen', 'flagged', 'answered', 'Todo', 'junk', 'Later'];
const pick = (a) => a[Math.floor(Math.random() * a.length)];
let next = firstAdd;
process.stdout.write('READY\\n');
for (;;) {
  const from = pick(boxes);
  const envs = (await b.listEnvelopes(from, { pageSize: 1000 })).envelopes;
  const r = Math.random();
  try {
    if (r < 0.25) {
      const k = next++;
      await b.addMessage(pick(boxes), body(k), { flags: [pick(flags)] });
      process.stdout.write('ADDED ' + k + '\\n');
    } else if (envs.length > 0 && r < 0.6) {
      await b.moveMessages(from, [pick(envs).id], from === 'INBOX' ? 'Other' : 'INBOX');
    } else if (envs.length > 0) {
      await b.storeFlags(from, [pick(envs).id], pick(['add', 'remove', 'set']), [pick(flags), pick(flags)]);
    }
  } catch (e) {
    if (e.code !== 'ERR_NOT_FOUND') throw e;
  }
}
`;

let root = '';
afterAll(async () => {
  if (root !== '') await rm(root, { recursive: true, force: true });
});

function runWorker(dir: string, firstAdd: number, acked: Set<number>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx/esm', '--input-type=module', '-e', worker, dir, String(firstAdd)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/ADDED (\d+)\n/g)) acked.add(Number(m[1]));
      if (out.includes('READY\n') && !child.killed)
        setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 300).unref();
      out = out.slice(out.lastIndexOf('\n') + 1);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done();
      else fail(new Error(`worker exited on its own (${String(code)}): ${err}`));
    });
  });
}

describe('Maildir crash safety', () => {
  it('keeps every message exactly once and intact across random SIGKILLs', async () => {
    root = await mkdtemp(join(tmpdir(), 'mailroom-crash-'));
    const b = new MaildirBackend({ root, layout: 'maildir++', create: true });
    await b.createMailbox('Other');
    for (let k = 0; k < SEEDED; k++) await b.addMessage('INBOX', body(k), { flags: ['seen'] });
    const acked = new Set<number>();
    const started = Date.now();
    let runs = 0;
    for (; runs < ITERATIONS && Date.now() - started < BUDGET_MS; runs++)
      await runWorker(root, 1_000_000 * (runs + 1), acked);

    const seen = new Map<number, number>();
    for (const box of ['INBOX', 'Other']) {
      for (const e of (await b.listEnvelopes(box, { pageSize: 100_000 })).envelopes) {
        const k = Number(/crash-(\d+)@/.exec(e.messageId ?? '')?.[1]);
        seen.set(k, (seen.get(k) ?? 0) + 1);
        const raw = new TextDecoder().decode(await b.getMessage(box, e.id));
        expect(raw, `message ${k} intact`).toBe(body(k));
      }
    }
    for (let k = 0; k < SEEDED; k++) expect(seen.get(k), `seeded ${k}`).toBe(1);
    for (const k of acked) expect(seen.get(k), `acknowledged add ${k}`).toBe(1);
    for (const [k, count] of seen) expect(count, `message ${k} duplicated`).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(10);
    const leftovers = (await readdir(join(root, 'tmp'))).length;
    console.log(
      `crash test: ${runs} kills, ${acked.size} acknowledged adds, ${seen.size} messages, ` +
        `${leftovers} interrupted writes left in tmp/`,
    );
  }, 90_000);
});
