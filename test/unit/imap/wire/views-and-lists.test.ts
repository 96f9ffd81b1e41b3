/**
 * The decoder's allocation savings must not change what it decodes: the shared Buffer view per
 * chunk honours each message's offset into it, and exact-size lists hold every item.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import type { FetchAttributes, ImapResponse } from '../../../../src/backends/imap/wire/types.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const attributesOf = (r: ImapResponse): FetchAttributes => {
  if (r.kind !== 'untagged' || r.type !== 'fetch') throw new Error('expected FETCH');
  return r.attributes;
};

describe('decoding into views and exact-size lists', () => {
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

  it('decodes Sender / Reply-To equal to From once, and different ones on their own', () => {
    const word = fc.constantFrom('Alice', 'Zoë Chen', 'a b', 'x"y', '');
    const address = fc.record({
      name: fc.option(word, { nil: null }),
      adl: fc.constant(null),
      mailbox: fc.option(fc.constantFrom('alice', 'bob'), { nil: null }),
      host: fc.option(fc.constantFrom('example.org', 'example.net'), { nil: null }),
    });
    const list = fc.array(address, { maxLength: 3 });
    // quoted when plain ASCII, a literal otherwise (as Dovecot does)
    const str = (v: string | null): string =>
      v === null
        ? 'NIL'
        : /^[\x20-\x7e]*$/.test(v) && !/["\\]/.test(v)
          ? `"${v}"`
          : `{${enc(v).length}}\r\n${v}`;
    const wire = (l: { name: string | null; mailbox: string | null; host: string | null }[]) =>
      l.length === 0
        ? 'NIL'
        : `(${l.map((a) => `(${str(a.name)} NIL ${str(a.mailbox)} ${str(a.host)})`).join('')})`;
    fc.assert(
      fc.property(list, list, fc.boolean(), fc.boolean(), (from, other, senderSame, replySame) => {
        const sender = senderSame ? from : other;
        const replyTo = replySame ? from : other;
        const text =
          `* 1 FETCH (ENVELOPE (NIL NIL ${wire(from)} ${wire(sender)} ${wire(replyTo)} ` +
          `${wire(other)} NIL NIL NIL "<id>"))\r\n`;
        const events = new ImapFramer().feed(enc(text));
        const m = events[0];
        if (m?.kind !== 'message') throw new Error('expected a message');
        const e = attributesOf(decodeResponse(m)).envelope;
        expect(e?.from).toEqual(from);
        expect(e?.sender).toEqual(sender);
        expect(e?.replyTo).toEqual(replyTo);
        expect(e?.to).toEqual(other);
        expect(e?.messageId).toBe('<id>');
        if (senderSame && from.length > 0) expect(e?.sender).toBe(e?.from);
      }),
      { numRuns: 500 },
    );
  });

  it('never reuses a list whose literal was streamed (its data is not in the message)', () => {
    const list = '(({5}\r\nAlice NIL "alice" "example.org"))';
    const text = `* 1 FETCH (ENVELOPE (NIL NIL ${list} ${list} NIL NIL NIL NIL NIL NIL))\r\n`;
    const framer = new ImapFramer({ streamLiteralsAbove: 3 });
    const message = framer.feed(enc(text)).find((e) => e.kind === 'message');
    if (message?.kind !== 'message') throw new Error('expected a message');
    const e = attributesOf(decodeResponse(message)).envelope;
    expect(e?.from[0]?.mailbox).toBe('alice');
    expect(e?.sender[0]?.mailbox).toBe('alice');
    expect(e?.sender).not.toBe(e?.from);
  });

  it('decodes literal strings as UTF-8 in place, invalid bytes replaced like TextDecoder', () => {
    const samples = [
      enc('Grüße aus Köln'),
      enc('こんにちは世界'),
      Uint8Array.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98]),
      Uint8Array.from([0xed, 0xa0, 0x80, 0x7a]), // an encoded surrogate
    ];
    for (const data of samples) {
      const head = enc(`* 1 FETCH (ENVELOPE (NIL {${data.length}}\r\n`);
      const tail = enc(' NIL NIL NIL NIL NIL NIL NIL NIL))\r\n');
      const bytes = new Uint8Array(head.length + data.length + tail.length);
      bytes.set(head);
      bytes.set(data, head.length);
      bytes.set(tail, head.length + data.length);
      const subject = attributesOf(decodeResponse(bytes)).envelope?.subject;
      expect(subject).toBe(new TextDecoder().decode(data));
    }
  });
});
