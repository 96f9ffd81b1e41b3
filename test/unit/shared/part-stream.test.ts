/**
 * streamPart (the local stores' getAttachmentStream) gives exactly what attachmentFromBytes
 * gives, for every leaf of every message of the reading corpus and of hand-made edge cases,
 * however the bytes are cut into chunks (fast-check picks the cuts) — and ERR_NOT_FOUND where
 * attachmentFromBytes says ERR_NOT_FOUND.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamPart } from '../../../src/shared/mime/part-stream.js';
import { parseMimeStructure, type LocatedPart } from '../../../src/shared/mime/structure.js';
import { attachmentFromBytes } from '../../../src/shared/reading/from-bytes.js';
import { isMailError } from '../../../src/shared/errors.js';
import { readingCorpus } from '../../scenarios/reading-corpus.js';

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

const edgeCases: Uint8Array[] = [
  enc(
    'Subject: not multipart\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 =\r\nau lait\r\n',
  ),
  enc('Subject: no body'),
  enc(
    [
      'Content-Type: multipart/mixed; boundary=a',
      '',
      'preamble mentions --a-not-a-delimiter and --ab',
      '--a',
      'Content-Type: multipart/alternative; boundary="a.b"',
      '',
      '--a.b',
      '',
      'plain, with a line that starts --a.bc (a longer boundary)',
      '--a.b',
      'Content-Type: text/html',
      '',
      '<p>html</p>',
      '--a.b--',
      '--a  ',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('binary\x00\x01\x02 data').toString('base64'),
      '--a',
      'Content-Type: text/plain',
      '',
      'last part, no close delimiter, bare LF ends follow',
    ].join('\r\n') + '\n\nend\n',
  ),
  enc(
    'Content-Type: multipart/mixed; boundary=x\n\n--x\n\nbare LF part\n--x\nContent-Type: text/plain\n\nsecond\n--x--\n',
  ),
];

function leaves(p: LocatedPart): string[] {
  return p.parts === undefined ? [p.partId] : p.parts.flatMap(leaves);
}

async function streamed(raw: Uint8Array, partId: string, cuts: number[]): Promise<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (const p of [...points, raw.length]) {
      yield raw.subarray(at, p);
      at = p;
    }
  }
  const out: Uint8Array[] = [];
  for await (const piece of streamPart(chunks(), partId, 'm')) out.push(piece);
  return new Uint8Array(Buffer.concat(out));
}

const messages = [...readingCorpus('ps').map((c) => c.raw), ...edgeCases];

describe('streamPart', () => {
  it('equals attachmentFromBytes for every leaf of every message, whatever the chunking', async () => {
    let checked = 0;
    for (const raw of messages) {
      for (const partId of leaves(parseMimeStructure(raw, { sizes: false }))) {
        const whole = attachmentFromBytes(raw, partId, 'm');
        await fc.assert(
          fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
            expect(Buffer.from(await streamed(raw, partId, cuts)).equals(whole)).toBe(true);
          }),
          { numRuns: 25 },
        );
        expect(
          Buffer.from(await streamed(raw, partId, [1, 2, 3, 5, 8, 13, 21])).equals(whole),
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('a part that is not a leaf or not there is ERR_NOT_FOUND, as for attachmentFromBytes', async () => {
    const raw = edgeCases[2] as Uint8Array;
    for (const partId of ['1', '4', '1.3', '3.1', '0', '', 'x', '2.1']) {
      let whole: unknown;
      try {
        attachmentFromBytes(raw, partId, 'm');
      } catch (e) {
        whole = e;
      }
      let stream: unknown;
      try {
        await streamed(raw, partId, [7]);
      } catch (e) {
        stream = e;
      }
      expect(isMailError(whole, 'ERR_NOT_FOUND'), partId).toBe(true);
      expect(isMailError(stream, 'ERR_NOT_FOUND'), partId).toBe(true);
    }
  });
});
