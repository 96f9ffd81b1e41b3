/**
 * Coroutines driven by a scripted performer: each step names the request the coroutine must
 * yield next and the reply it gets. No filesystem is touched, so ordering guarantees (temp file
 * before rename, flags before the entry appears, cleanup on failure) are checked exactly.
 */
import { describe, expect, it } from 'vitest';
import { driveSync, type FsRequest } from '../../../src/shared/coroutine.js';
import { MailError } from '../../../src/shared/errors.js';
import { addMessage, getMessage } from '../../../src/backends/m2dir/messages.js';
import { storeFlags } from '../../../src/backends/m2dir/store-flags.js';
import { checksumOf } from '../../../src/backends/m2dir/checksum.js';

interface Step {
  request: Partial<FsRequest> & Record<string, unknown>;
  reply?: unknown;
}

function runScript<T>(co: Generator<FsRequest, T, unknown>, steps: Step[]): T {
  let i = 0;
  const result = driveSync(co, (request) => {
    const step = steps[i++];
    if (step === undefined) throw new Error(`unexpected request ${JSON.stringify(request)}`);
    expect(request).toMatchObject(step.request);
    return step.reply;
  });
  expect(i).toBe(steps.length);
  return result;
}

const enc = new TextEncoder();
const raw = enc.encode('Date: Mon, 05 Jan 2026 09:00:00 +0100\r\nSubject: x\r\n\r\nbody\r\n');
const sum = checksumOf(raw);
const name = `2026-01-05T09:00:00+0100,${sum}.AQIDBA==`;
const id = `${sum}.AQIDBA==`;
const dirStat = { size: 0, mtimeMs: 0, kind: 'file' };

describe('addMessage (scripted)', () => {
  it('writes a dot-temp file, then the flags, then renames the entry into place', () => {
    const tempBytes = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1);
    const result = runScript(addMessage('/s', 'INBOX', raw, ['seen']), [
      { request: { type: 'stat', paths: ['/s/INBOX/.m2dir'] }, reply: [dirStat] },
      { request: { type: 'random', length: 4 }, reply: Uint8Array.of(1, 2, 3, 4) },
      { request: { type: 'stat', paths: [`/s/INBOX/${name}`] }, reply: [null] },
      { request: { type: 'random', length: 8 }, reply: tempBytes },
      {
        request: { type: 'writeFile', path: '/s/INBOX/.tmp.deliver.0000000000000001', bytes: raw },
      },
      { request: { type: 'mkdir', paths: ['/s/INBOX/.meta'] } },
      { request: { type: 'random', length: 8 }, reply: Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9) },
      {
        request: {
          type: 'writeFile',
          path: '/s/INBOX/.meta/.tmp.flags.0909090909090909',
          bytes: enc.encode('$seen\n'),
        },
      },
      {
        request: {
          type: 'rename',
          pairs: [['/s/INBOX/.meta/.tmp.flags.0909090909090909', `/s/INBOX/.meta/${id}.flags`]],
        },
        reply: [true],
      },
      {
        request: {
          type: 'rename',
          pairs: [['/s/INBOX/.tmp.deliver.0000000000000001', `/s/INBOX/${name}`]],
        },
        reply: [true],
      },
      { request: { type: 'fsync', paths: ['/s/INBOX'] } },
    ]);
    expect(result).toBe(id);
  });

  it('removes the temp file and the flags when the final rename fails', () => {
    let thrown: unknown;
    try {
      runScript(addMessage('/s', 'INBOX', raw, []), [
        { request: { type: 'stat' }, reply: [dirStat] },
        { request: { type: 'random' }, reply: Uint8Array.of(1, 2, 3, 4) },
        { request: { type: 'stat' }, reply: [null] },
        { request: { type: 'random' }, reply: new Uint8Array(8) },
        { request: { type: 'writeFile' } },
        { request: { type: 'rename' }, reply: [false] },
        {
          request: {
            type: 'remove',
            paths: ['/s/INBOX/.tmp.deliver.0000000000000000', `/s/INBOX/.meta/${id}.flags`],
          },
          reply: [true, false],
        },
      ]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MailError);
    expect((thrown as MailError).code).toBe('ERR_IO');
  });

  it('refuses a folder without the .m2dir marker before writing anything', () => {
    expect(() =>
      runScript(addMessage('/s', 'Nope', raw, []), [
        { request: { type: 'stat', paths: ['/s/Nope/.m2dir'] }, reply: [null] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_NOT_FOUND' }) as Error);
  });
});

describe('getMessage (scripted)', () => {
  const listing = [
    { name: '.m2dir', kind: 'file' },
    { name: '.meta', kind: 'dir' },
    { name, kind: 'file' },
  ];

  it('verifies the checksum of what it read', () => {
    const tampered = raw.slice();
    tampered[tampered.length - 3] = 0x21;
    expect(() =>
      runScript(getMessage('/s', 'INBOX', id), [
        {
          request: { type: 'readDir', paths: ['/s/INBOX', '/s/INBOX/.meta'] },
          reply: [listing, []],
        },
        { request: { type: 'readFile', paths: [`/s/INBOX/${name}`] }, reply: [tampered] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_CHECKSUM' }) as Error);
  });

  it('a file that vanished between listing and reading is ERR_NOT_FOUND', () => {
    expect(() =>
      runScript(getMessage('/s', 'INBOX', id), [
        { request: { type: 'readDir' }, reply: [listing, []] },
        { request: { type: 'readFile' }, reply: [null] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_NOT_FOUND' }) as Error);
  });

  it('returns intact content', () => {
    const bytes = runScript(getMessage('/s', 'INBOX', id), [
      { request: { type: 'readDir' }, reply: [listing, null] },
      { request: { type: 'readFile' }, reply: [raw] },
    ]);
    expect(bytes).toEqual(raw);
  });
});

describe('storeFlags (scripted)', () => {
  it('takes its flags file back when the entry vanished meanwhile', () => {
    const listing = [
      { name: '.m2dir', kind: 'file' },
      { name, kind: 'file' },
    ];
    expect(() =>
      runScript(storeFlags('/s', 'INBOX', [id], 'add', ['flagged']), [
        { request: { type: 'readDir' }, reply: [listing, null] },
        { request: { type: 'mkdir' } },
        { request: { type: 'random' }, reply: new Uint8Array(8) },
        { request: { type: 'writeFile', bytes: enc.encode('$flagged\n') } },
        { request: { type: 'rename' }, reply: [true] },
        { request: { type: 'stat', paths: [`/s/INBOX/${name}`] }, reply: [null] },
        { request: { type: 'remove', paths: [`/s/INBOX/.meta/${id}.flags`] }, reply: [true] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_NOT_FOUND' }) as Error);
  });
});
