import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../../src/backends/jmap/sse.js';
import { expandTemplate } from '../../../src/backends/jmap/uri-template.js';

const STREAM =
  ': keep-alive comment\r\n' +
  'event: state\r\nid: 41\r\ndata: {"@type":"StateChange",\r\ndata: "changed":{"u1":{"Email":"42"}}}\r\n\r\n' +
  'event: ping\ndata: {"interval":30}\n\n' +
  'retry: 5000\rdata:no-space\r\r' +
  'data: ünïcödé ✓\n\n' +
  'event: empty\n\n' +
  'data: unterminated';

const EXPECTED: SseEvent[] = [
  { event: 'state', id: '41', data: '{"@type":"StateChange",\n"changed":{"u1":{"Email":"42"}}}' },
  { event: 'ping', id: '41', data: '{"interval":30}' },
  { event: 'message', id: '41', data: 'no-space', retry: 5000 },
  { event: 'message', id: '41', data: 'ünïcödé ✓', retry: 5000 },
];

function parseSplit(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const out: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts.sort((a, b) => a - b), bytes.length]) {
    out.push(...parser.feed(bytes.subarray(from, cut)));
    from = cut;
  }
  return out;
}

describe('SSE parser (WHATWG event stream)', () => {
  const bytes = new TextEncoder().encode(STREAM);

  it('parses fields, multi-line data, CR/LF/CRLF line ends, comments, and drops empty events', () => {
    expect(parseSplit(bytes, [])).toEqual(EXPECTED);
  });

  it('gives the same events at every chunk split (including inside CRLF and UTF-8 sequences)', () => {
    for (let i = 1; i < bytes.length; i++) expect(parseSplit(bytes, [i])).toEqual(EXPECTED);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          expect(parseSplit(bytes, cuts)).toEqual(EXPECTED);
        },
      ),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        expect(Array.isArray(new SseParser().feed(junk))).toBe(true);
      }),
    );
  });
});

describe('URI templates (RFC 6570 level 1)', () => {
  it('expands and percent-encodes everything outside the unreserved set', () => {
    expect(
      expandTemplate('/dl/{accountId}/{blobId}/{name}?accept={type}', {
        accountId: 'u 1',
        blobId: 'G/1',
        name: 'ä.eml',
        type: 'message/rfc822',
      }),
    ).toBe('/dl/u%201/G%2F1/%C3%A4.eml?accept=message%2Frfc822');
    expect(
      expandTemplate('/es?types={types}&closeafter={closeafter}&ping={ping}', {
        types: 'Email,Mailbox',
        closeafter: 'no',
        ping: '30',
      }),
    ).toBe('/es?types=Email%2CMailbox&closeafter=no&ping=30');
    expect(expandTemplate('/x/{missing}/y', {})).toBe('/x//y');
  });
});
