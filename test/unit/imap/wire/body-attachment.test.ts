import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import { bodyHasAttachment } from '../../../../src/backends/imap/wire/decoder/body-attachment.js';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import type {
  DecodeOptions,
  FetchAttributes,
  ImapResponse,
} from '../../../../src/backends/imap/wire/types.js';
import { FIXTURES, loadFixture } from './fixture.js';

const utf8 = new TextEncoder();

let positives = 0;

type Outcome = { ok: true; response: ImapResponse } | { ok: false; message: string };

function decode(bytes: Uint8Array, options: DecodeOptions): Outcome[] {
  const framer = new ImapFramer();
  framer.push(bytes);
  const out: Outcome[] = [];
  for (let ev = framer.next(); ev !== undefined; ev = framer.next()) {
    if (ev.kind !== 'message') continue;
    try {
      out.push({ ok: true, response: decodeResponse(ev, options) });
    } catch (error) {
      out.push({ ok: false, message: (error as Error).message });
    }
  }
  return out;
}

function fetchAttributes(o: Outcome): FetchAttributes | undefined {
  if (!o.ok) return undefined;
  const r = o.response;
  return r.kind === 'untagged' && r.type === 'fetch' ? r.attributes : undefined;
}

/**
 * The 'hasAttachment' mode must agree with the tree mode on every input: same errors, same
 * other attributes, and the flag equal to bodyHasAttachment of the decoded tree.
 */
function expectSameAsTree(bytes: Uint8Array): number {
  const tree = decode(bytes, {});
  const flag = decode(bytes, { bodyStructure: 'hasAttachment' });
  expect(flag.length).toBe(tree.length);
  let checked = 0;
  tree.forEach((t, i) => {
    const f = flag[i]!;
    if (!t.ok) return expect(f).toEqual(t);
    expect(f.ok).toBe(true);
    const a = fetchAttributes(t);
    const b = fetchAttributes(f);
    if (a === undefined || b === undefined) return expect(f).toEqual(t);
    const { bodyStructure, ...rest } = a;
    const { bodyStructureHasAttachment, ...flagRest } = b;
    expect(flagRest).toEqual(rest);
    if (bodyStructure === undefined) return expect(bodyStructureHasAttachment).toBeUndefined();
    expect(bodyStructureHasAttachment).toBe(bodyHasAttachment(bodyStructure));
    checked++;
    if (bodyStructureHasAttachment === true) positives++;
  });
  return checked;
}

const fetchLine = (body: string): Uint8Array =>
  utf8.encode(`* 1 FETCH (UID 7 BODYSTRUCTURE ${body} FLAGS (\\Seen))\r\n`);

const TEXT = '"TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 12 1';
const leaf = (dsp: string, tail = ' NIL NIL'): string => `(${TEXT} NIL ${dsp}${tail})`;
const att = '("attachment" ("filename" "a.pdf"))';

describe("BODYSTRUCTURE decoded as 'hasAttachment'", () => {
  const cases: [string, string, boolean][] = [
    ['a plain leaf', leaf('NIL'), false],
    ['a leaf that is an attachment', leaf(att), true],
    [
      'upper-case ATTACHMENT, deep in multiparts',
      `((${leaf('NIL')}${leaf('("ATTACHMENT" NIL)')} "MIXED") "MIXED")`,
      true,
    ],
    [
      'inline only',
      `(${leaf('("inline" NIL)')}${leaf('NIL')} "alternative" ("boundary" "b") NIL NIL NIL)`,
      false,
    ],
    ['the multipart itself', `(${leaf('NIL')} "mixed" NIL ${att} NIL NIL)`, true],
    [
      'an attachment inside an encapsulated message does not count',
      `(${leaf('NIL')}("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 100 (NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL) ${leaf(att)} 4 NIL NIL NIL NIL) "mixed")`,
      false,
    ],
    ['no extension data', '("text" "plain" NIL NIL NIL "7bit" 3 1)', false],
    ['extension data after location', leaf(att, ' NIL NIL 1 ("x" 2)'), true],
    ['a literal type', `({4}\r\ntext "plain" NIL NIL NIL "7bit" 3 1 NIL ${att} NIL NIL)`, true],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => {
      const bytes = fetchLine(body);
      expect(expectSameAsTree(bytes)).toBe(1);
      const [only] = decode(bytes, { bodyStructure: 'hasAttachment' });
      expect(only).toMatchObject({
        ok: true,
        response: { attributes: { uid: 7, bodyStructureHasAttachment: expected } },
      });
    });
  }

  it('rejects what the tree mode rejects, with the same error', () => {
    for (const body of [
      '("text" "plain" NIL NIL NIL "7bit" x)',
      '(',
      '(("text"))',
      '('.repeat(200) + ')'.repeat(200),
    ])
      expect(expectSameAsTree(fetchLine(body))).toBe(0);
  });

  it('agrees with the tree mode on the recorded quirk fixtures', () => {
    let checked = 0;
    for (const dir of ['quirks', 'commands'])
      for (const file of readdirSync(FIXTURES + dir))
        if (readFileSync(`${FIXTURES}${dir}/${file}`, 'utf8').includes('BODYSTRUCTURE'))
          checked += expectSameAsTree(loadFixture(`${dir}/${file}`));
    expect(checked).toBeGreaterThan(3);
  });

  /**
   * Random structures: `quirky` mixes in every spelling the grammar and the tolerated quirks
   * allow (literals, escapes, NIL strings, `()`, `-1`, doubled spaces, extension data), which
   * the fast path leaves to the full decoder; without it, only the shapes the fast path reads.
   */
  function structures(quirky: boolean): fc.Arbitrary<string> {
    const pick = <T>(plain: readonly T[], odd: readonly T[]): fc.Arbitrary<T> =>
      fc.constantFrom(...plain, ...(quirky ? odd : []));
    const word = pick(
      ['text', 'TEXT', 'plain', 'x-y', 'attachment', 'ATTACHMENT', 'inline', 'message', 'rfc822'],
      ['a"b'],
    );
    const quoted = word.map((w) => `"${w.replace('"', '\\"')}"`);
    const nstring = fc.oneof(
      pick(['NIL', 'nil'], []),
      quoted,
      ...(quirky ? [word.map((w) => `{${w.length}}\r\n${w}`)] : []),
    );
    const str = quirky
      ? fc.oneof({ weight: 5, arbitrary: quoted }, { weight: 1, arbitrary: nstring })
      : quoted;
    const params = fc.oneof(
      pick(['NIL'], ['()']),
      fc
        .array(fc.tuple(str, str), { minLength: 1, maxLength: 2 })
        .map((ps) => `(${ps.map(([n, v]) => `${n} ${v}`).join(' ')})`),
    );
    const dsp = fc.oneof(
      pick(['NIL', '("attachment" NIL)', '("Attachment" ("filename" "a"))'], ['"attachment"']),
      fc.tuple(str, params).map(([t, p]) => `(${t} ${p})`),
    );
    const lang = pick(['NIL', '"en"', '("en" "fr")'], ['()']);
    const extra = pick(['1', '"x"', '(1 ("x"))', 'NIL'], []);
    /** Extension fields in grammar order, cut at a random point: [md5] dsp lang loc *extra. */
    const extension = (md5: boolean) =>
      fc
        .tuple(fc.integer({ min: 0, max: quirky ? 5 : 4 }), nstring, dsp, lang, nstring, extra)
        .map(([k, m, d, l, loc, x]) => [...(md5 ? [m] : []), d, l, loc, x].slice(0, k));
    const tail = (x: readonly string[]): string => x.map((v) => ' ' + v).join('');
    const envelope = '(NIL "s" NIL NIL NIL NIL NIL NIL NIL NIL)';
    const leaf = fc
      .tuple(str, str, params, nstring, nstring, str, pick(['3', '12345'], ['-1', 'x']))
      .chain((head) =>
        fc.tuple(
          fc.constant(head),
          // body-fld-lines belongs to text/* only (elsewhere a number there is an error)
          head[0].toLowerCase() === '"text"' || quirky
            ? fc.option(fc.constantFrom('1', '22'))
            : fc.constant(null),
          extension(true),
          pick([' '], ['  ']),
        ),
      )
      .map(
        ([[t, s, p, id, d, e, size], lines, x, gap]) =>
          `(${t} ${s} ${p} ${id} ${d} ${e}${gap}${size}${lines === null ? '' : ' ' + lines}${tail(x)})`,
      );
    const body: fc.Memo<string> = fc.memo((n) =>
      n <= 1
        ? leaf
        : fc.oneof(
            leaf,
            fc
              .tuple(
                fc.array(body(n - 1), { minLength: 1, maxLength: 3 }),
                str,
                extension(false),
                pick([''], [' ']),
              )
              .map(
                ([parts, sub, x, gap]) =>
                  `(${parts.join(gap)} ${sub}${x.length > 0 ? ' NIL' : ''}${tail(x)})`,
              ),
            fc
              .tuple(params, body(n - 1), extension(true))
              .map(
                ([p, inner, x]) =>
                  `("message" "rfc822" ${p} NIL NIL "7bit" 10 ${envelope} ${inner} 4${tail(x)})`,
              ),
          ),
    );
    return body(4);
  }

  for (const quirky of [false, true])
    it(`agrees with the tree mode on random structures (property, ${quirky ? 'quirky' : 'well-formed'})`, () => {
      let decoded = 0;
      positives = 0;
      fc.assert(
        fc.property(structures(quirky), (b) => {
          decoded += expectSameAsTree(fetchLine(b));
        }),
        { numRuns: 500 },
      );
      // not only rejected inputs, and both answers
      expect(decoded).toBeGreaterThan(quirky ? 100 : 400);
      expect(positives).toBeGreaterThan(quirky ? 10 : 100);
      expect(positives).toBeLessThan(decoded);
    });
});
