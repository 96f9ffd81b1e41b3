import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  componentsOfId,
  componentsOfPath,
  decodeComponent,
  encodeComponent,
  relativeDirOf,
} from '../../../src/backends/m2dir/folder-names.js';
import { MailError } from '../../../src/shared/errors.js';

const safeName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((s) => s !== '.' && s !== '..' && !/[/\\\0]/.test(s));

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    expect((e as MailError).code).toBe('ERR_INVALID_ARGUMENT');
    return;
  }
  expect.fail('expected ERR_INVALID_ARGUMENT');
}

describe('folder name percent-encoding', () => {
  it('encodes control bytes, %, /, \\, non-ASCII and a leading dot, uppercase hex', () => {
    expect(encodeComponent('INBOX')).toBe('INBOX');
    expect(encodeComponent('Entwürfe')).toBe('Entw%C3%BCrfe');
    expect(encodeComponent('100%')).toBe('100%25');
    expect(encodeComponent('a\tb')).toBe('a%09b');
    expect(encodeComponent('.hidden')).toBe('%2Ehidden');
    expect(encodeComponent('a.b')).toBe('a.b');
  });

  it('round-trips every safe name, and encoded names hold only safe ASCII', () => {
    fc.assert(
      fc.property(safeName, (name) => {
        const encoded = encodeComponent(name);
        expect(encoded).toMatch(/^[\x20-\x7e]+$/);
        expect(encoded).not.toMatch(/[/\\]/);
        expect(encoded.startsWith('.')).toBe(false);
        expect(decodeComponent(encoded)).toBe(name);
      }),
    );
  });

  it('refuses non-canonical directory names (they would not resolve back)', () => {
    expect(decodeComponent('a%c3%bc')).toBeUndefined();
    expect(decodeComponent('bad%zz')).toBeUndefined();
    expect(decodeComponent('raw-ü')).toBeUndefined();
    expect(decodeComponent('%FF')).toBeUndefined();
    expect(decodeComponent('a%2Fb')).toBeUndefined();
  });

  it('ids are components joined with /', () => {
    expect(componentsOfId('Archive/2026')).toEqual(['Archive', '2026']);
    expect(componentsOfPath(['Archive', 'Ü'])).toEqual(['Archive', 'Ü']);
    expect(relativeDirOf(['Archive', 'Ü'])).toBe('Archive/%C3%9C');
  });
});

describe('path traversal', () => {
  it.each(['..', '../x', 'a/../../b', '/etc', '', 'a//b', 'a/', '.', 'a\0b', 'a\\..\\b'])(
    'rejects the id %j',
    (id) => expectInvalid(() => componentsOfId(id)),
  );

  it('rejects separators and dot-dot inside path components', () => {
    expectInvalid(() => componentsOfPath(['a/b']));
    expectInvalid(() => componentsOfPath(['a\\b']));
    expectInvalid(() => componentsOfPath(['..']));
    expectInvalid(() => componentsOfPath([]));
    expectInvalid(() => componentsOfPath(['x'.repeat(300)]));
  });

  it('no accepted name leads outside the root', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), (parts) => {
        let components: string[];
        try {
          components = componentsOfPath(parts);
        } catch (e) {
          expect((e as MailError).code).toBe('ERR_INVALID_ARGUMENT');
          return;
        }
        for (const seg of relativeDirOf(components).split('/')) {
          expect(seg === '' || seg === '.' || seg === '..' || seg.startsWith('.')).toBe(false);
        }
      }),
    );
  });
});
