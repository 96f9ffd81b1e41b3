import { mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BoundedReader } from '../../../src/shared/bounded-reads.js';
import { isMailError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'mailroom-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** n files whose header blocks differ in length and line ends; some have no body at all. */
function makeFiles(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const path = join(dir, `${prefix}-${i}`);
    const eol = i % 3 === 0 ? '\n' : '\r\n';
    const header = `Subject: ${'x'.repeat(i * 7)}${eol}From: a${i}@example.org${eol}`;
    writeFileSync(
      path,
      i % 5 === 0 ? header : `${header}${eol}body ${i}${eol}`.repeat(1 + (i % 4)),
    );
    return path;
  });
}

const text = (reply: (Uint8Array | null)[]): (string | null)[] =>
  reply.map((b) => (b === null ? null : Buffer.from(b).toString('latin1')));

async function readBatches(
  paths: string[],
  batch: number,
  readAhead: boolean,
  reader = new BoundedReader(0),
) {
  const out: (string | null)[] = [];
  for (let start = 0; start < paths.length; start += batch) {
    const next = paths.slice(start + batch, start + 2 * batch);
    const request = {
      type: 'readFile' as const,
      paths: paths.slice(start, start + batch),
      maxBytes: 512,
      headerBlock: true,
      ...(readAhead && next.length > 0 ? { readAhead: next } : {}),
    };
    out.push(...text(await reader.read(request)));
  }
  return out;
}

/** The worker starts on first use and answers once it is up: read until it has. */
async function workerReady(paths: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const reader = new BoundedReader(0);
    await readBatches(paths, 100, true, reader);
    if (reader.aheadHits > 0) return;
    if (Date.now() > deadline) throw new Error('the read-ahead worker never answered');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bounded reads (listing hot path)', () => {
  it('gives the same header blocks with and without the read-ahead worker', async () => {
    const paths = makeFiles('same', 600);
    paths.splice(10, 0, join(dir, 'missing-file'));
    const plain = await readBatches(paths, 100, false);
    await workerReady(paths);
    const reader = new BoundedReader(0);
    const ahead = await readBatches(paths, 100, true, reader);
    // Batches 2–6 came from the worker; the last (one path) is too small to read ahead.
    expect(reader.aheadHits).toBe(5);
    expect(ahead).toEqual(plain);
    // A default reader keeps small listings (600 files) off the thread.
    const small = new BoundedReader();
    expect(await readBatches(paths, 100, true, small)).toEqual(plain);
    expect(small.aheadHits).toBe(0);
    expect(plain[10]).toBeNull();
    expect(plain[1]).toBe(`Subject: xxxxxxx\r\nFrom: a1@example.org\r\n\r\n`);
    expect(plain[0]).toBe(`Subject: \nFrom: a0@example.org\n`); // no body, no empty line
  });

  it('stops at maxBytes when the header block is longer', async () => {
    const [path] = makeFiles('long', 1);
    writeFileSync(path as string, `Subject: ${'y'.repeat(2000)}\r\n\r\nbody`);
    const [bytes] = await new BoundedReader().read({
      type: 'readFile',
      paths: [path as string],
      maxBytes: 512,
      headerBlock: true,
    });
    expect(bytes?.length).toBe(512);
  });

  it('a file that vanished before the worker read it is missing (null), not an error', async () => {
    const paths = makeFiles('vanish', 200);
    const reader = new BoundedReader(0);
    const base = { type: 'readFile' as const, maxBytes: 512, headerBlock: true };
    await workerReady(paths);
    unlinkSync(paths[150] as string); // listed, then moved away by another client
    await reader.read({ ...base, paths: paths.slice(0, 100), readAhead: paths.slice(100) });
    const second = await reader.read({ ...base, paths: paths.slice(100) });
    expect(reader.aheadHits).toBe(1);
    expect(second[50]).toBeNull();
    expect(second[49]).not.toBeNull();
  });

  it('an unreadable path is ERR_IO with or without the worker, never a raw error', async () => {
    const paths = makeFiles('err', 300);
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    paths[220] = sub; // open succeeds, read fails with EISDIR
    const ok = makeFiles('ok', 300);
    await workerReady(ok);
    for (const readAhead of [false, true]) {
      const reader = new BoundedReader(0);
      const failure = await readBatches(paths, 100, readAhead, reader).catch((e: unknown) => e);
      expect(isMailError(failure) && failure.code === 'ERR_IO').toBe(true);
      expect(reader.aheadHits).toBe(readAhead ? 2 : 0);
    }
  });
});
