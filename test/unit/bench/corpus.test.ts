// The benchmarks' corpus (bench/corpus/realistic.mjs) is only a fair workload if it is what it
// says: deterministic, thousands of senders, the charsets it names, and bytes that decode back to
// the text it meant. Checked here with the library's own RFC 2047 and address readers.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — plain ESM bench module, no types
import { realisticCorpus, senders } from '../../../bench/corpus/realistic.mjs';
import { decodeEncodedWords } from '../../../src/shared/mime/encoded-words.js';
import { parseAddressList } from '../../../src/shared/mime/addresses.js';

interface Item {
  message: Buffer;
  flags: string[];
  date: Date;
  messageId: string;
}
const take = (count: number, seed: number): Item[] => [...realisticCorpus(count, seed)] as Item[];
const headerOf = (m: Buffer) => {
  const s = m.toString('latin1');
  return s.slice(0, s.indexOf('\r\n\r\n')).replace(/\r\n[ \t]/g, ' ');
};
const field = (head: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1];

describe('bench corpus', () => {
  const items = take(1500, 7);

  it('is deterministic per seed and differs between seeds', () => {
    const hash = (xs: Item[]) => {
      const h = createHash('sha256');
      for (const x of xs) h.update(x.message);
      return h.digest('hex');
    };
    expect(hash(take(1500, 7))).toBe(hash(items));
    expect(hash(take(1500, 8))).not.toBe(hash(items));
    expect(new Set(items.map((m) => m.messageId)).size).toBe(items.length);
  });

  it('has thousands of senders and the charsets of real mail', () => {
    const people = senders() as { address: string; display: string }[];
    expect(new Set(people.map((p) => p.address)).size).toBe(4000);
    expect(new Set(people.map((p) => p.display)).size).toBeGreaterThan(2000);
    const charsets = new Set<string>();
    for (const m of items)
      for (const c of headerOf(m.message).matchAll(/=\?([\w-]+)\?[BQ]\?/g)) charsets.add(c[1]!);
    for (const c of [
      'utf-8',
      'iso-8859-1',
      'iso-8859-2',
      'windows-1251',
      'windows-1252',
      'koi8-r',
      'iso-2022-jp',
      'gb18030',
    ])
      expect(charsets).toContain(c);
  });

  it('names, subjects and text bodies decode back without a replacement character', () => {
    const byAddress = new Map(
      (senders() as { address: string; display: string; given: string; family: string }[]).map(
        (p) => [p.address, p],
      ),
    );
    let named = 0;
    for (const m of items) {
      const head = headerOf(m.message);
      const subject = decodeEncodedWords(field(head, 'Subject') ?? '');
      expect(subject).not.toMatch(/\uFFFD|=\?/);
      const [from] = parseAddressList(field(head, 'From'));
      const person = byAddress.get(from!.email)!;
      expect(person).toBeDefined();
      if (from!.name) {
        named++;
        expect([person.display, `${person.family}, ${person.given}`]).toContain(from!.name);
      }
      const type = /^Content-Type: text\/plain; charset=([\w-]+)/im.exec(head);
      const cte = field(head, 'Content-Transfer-Encoding');
      if (type === null || cte === undefined) continue;
      const raw = m.message.subarray(m.message.indexOf('\r\n\r\n') + 4);
      const bytes =
        cte === 'base64'
          ? Buffer.from(raw.toString('latin1'), 'base64')
          : cte === 'quoted-printable'
            ? Buffer.from(
                raw
                  .toString('latin1')
                  .replace(/=\r\n/g, '')
                  .replace(/=([0-9A-F]{2})/g, (_, h: string) =>
                    String.fromCharCode(parseInt(h, 16)),
                  ),
                'latin1',
              )
            : raw;
      const text = new TextDecoder(type[1]!, { fatal: true }).decode(bytes);
      expect(text.length).toBeGreaterThan(500);
    }
    expect(named).toBeGreaterThan(1000);
  });

  it('writes header blocks in 7-bit ASCII and every line ends in CRLF', () => {
    for (const m of items) {
      const s = m.message.toString('latin1');
      expect(s.slice(0, s.indexOf('\r\n\r\n'))).toMatch(/^[\x20-\x7e\t\r\n]*$/);
      expect(s).not.toMatch(/(?<!\r)\n|\r(?!\n)/);
    }
  });

  it('spans 1 KB to megabytes, with threads', () => {
    const sizes = items.map((m) => m.message.length);
    expect(Math.min(...sizes)).toBeLessThan(4000);
    expect(Math.max(...sizes)).toBeGreaterThan(1_000_000);
    const replies = items.filter((m) => /^In-Reply-To: /m.test(headerOf(m.message)));
    expect(replies.length / items.length).toBeGreaterThan(0.2);
  });
});
