/**
 * The decoder's allocation savings must not change what it decodes: interned strings (flags,
 * address parts) equal a fresh decode, hash collisions never return another string, and the
 * shared Buffer view per chunk honours each message's offset into it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import { internAscii } from '../../../../src/backends/imap/wire/decoder/intern.js';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import type { FetchAttributes, ImapResponse } from '../../../../src/backends/imap/wire/types.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = {
  text: (b: Uint8Array) => (s: number, e: number) => String.fromCharCode(...b.subarray(s, e)),
};
const attributesOf = (r: ImapResponse): FetchAttributes => {
  if (r.kind !== 'untagged' || r.type !== 'fetch') throw new Error('expected FETCH');
  return r.attributes;
};

describe('internAscii', () => {
  it('returns the text of exactly those bytes, shared on a repeat', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary-ascii', maxLength: 70 })), (words) => {
        for (const w of words) {
          const b = enc(`..${w}..`);
          const maker = { text: latin1.text(b) };
          const got = internAscii(b, 2, b.length - 2, maker);
          if (w.length > 64) expect(got).toBeUndefined();
          else {
            expect(got).toBe(w);
            let made = 0;
            const again = internAscii(b, 2, b.length - 2, {
              text: (s, e) => {
                made += 1;
                return maker.text(s, e);
              },
            });
            expect(again).toBe(w);
            expect(made).toBe(0);
          }
        }
      }),
    );
  });

  it('leaves non-ASCII bytes to the UTF-8 decoder', () => {
    const b = enc('Zoë');
    expect(internAscii(b, 0, b.length, { text: latin1.text(b) })).toBeUndefined();
  });

  it('never returns a cached string of the same length for different bytes', () => {
    // 20,000 distinct same-length words in 4096 slots: many share a slot
    for (let i = 0; i < 20000; i++) {
      const w = `user${String(i).padStart(5, '0')}`;
      const b = enc(w);
      expect(internAscii(b, 0, b.length, { text: latin1.text(b) })).toBe(w);
    }
  });
});

describe('decoding with shared text', () => {
  const line = (uid: number, name: string, host: string): string =>
    `* ${uid} FETCH (UID ${uid} FLAGS (\\Seen $Forwarded) ENVELOPE (NIL "subject ${uid}" ` +
    `(("${name}" NIL "mailbox${uid % 3}" "${host}")) NIL NIL NIL NIL NIL NIL NIL))\r\n`;

  it('decodes messages framed from one chunk at their own offsets', () => {
    const text = [1, 2, 3, 4].map((u) => line(u, `Name ${u}`, `host${u}.example.test`)).join('');
    const framer = new ImapFramer();
    // a chunk that starts inside a larger buffer: byteOffset > 0
    const outer = enc(`xxxxxxxx${text}`);
    const events = framer.feed(outer.subarray(8));
    expect(events).toHaveLength(4);
    events.forEach((event, i) => {
      if (event.kind !== 'message') throw new Error('expected a message');
      const a = attributesOf(decodeResponse(event));
      expect(a.uid).toBe(i + 1);
      expect(a.flags).toEqual(['\\Seen', '$Forwarded']);
      expect(a.envelope?.subject).toBe(`subject ${i + 1}`);
      expect(a.envelope?.from).toEqual([
        {
          name: `Name ${i + 1}`,
          adl: null,
          mailbox: `mailbox${(i + 1) % 3}`,
          host: `host${i + 1}.example.test`,
        },
      ]);
    });
  });

  it('keeps decoding right when messages of different chunks interleave', () => {
    const a = new ImapFramer().feed(enc(line(7, 'Alice Smith', 'example.org')));
    const b = new ImapFramer().feed(enc(line(8, 'Bob Jones', 'example.net')));
    const [ma, mb] = [a[0], b[0]];
    if (ma?.kind !== 'message' || mb?.kind !== 'message') throw new Error('expected messages');
    for (let i = 0; i < 3; i++) {
      expect(attributesOf(decodeResponse(ma)).envelope?.from[0]?.name).toBe('Alice Smith');
      expect(attributesOf(decodeResponse(mb)).envelope?.from[0]?.host).toBe('example.net');
    }
  });

  it('sizes flag and address lists exactly, whatever their length', () => {
    for (let n = 0; n <= 5; n++) {
      const flags = Array.from({ length: n }, (_, i) => `$k${i}`);
      const addrs = Array.from({ length: n }, (_, i) => `("n${i}" NIL "m${i}" "h${i}")`).join('');
      const r = decodeResponse(
        enc(
          `* 1 FETCH (FLAGS (${flags.join(' ')}) ENVELOPE (NIL NIL ${n === 0 ? 'NIL' : `(${addrs})`} NIL NIL NIL NIL NIL NIL NIL))\r\n`,
        ),
      );
      const got = attributesOf(r);
      expect(got.flags).toEqual(flags);
      expect(got.envelope?.from.map((x) => x.mailbox)).toEqual(flags.map((_, i) => `m${i}`));
    }
  });
});
