import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeDiffState,
  encodeDiffState,
  flagHash,
} from '../../../../src/backends/imap/ops/diff-state.js';
import { compactUids, expandUids } from '../../../../src/backends/imap/ops/uid-set.js';
import { MailError } from '../../../../src/shared/errors.js';

describe('uid sets', () => {
  it('compacts runs into ranges', () => {
    expect(compactUids([7, 1, 2, 3, 9, 10, 3])).toBe('1:3,7,9:10');
    expect(compactUids([])).toBe('');
    expect(expandUids('1:3,7')).toEqual([1, 2, 3, 7]);
  });

  it('rejects garbage and unbounded ranges', () => {
    expect(expandUids('0')).toBeUndefined();
    expect(expandUids('1:*')).toBeUndefined();
    expect(expandUids('1:4294967295')).toBeUndefined();
  });

  it('property: expand(compact(x)) = sorted unique x', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 })), (uids) => {
        const want = [...new Set(uids)].sort((a, b) => a - b);
        expect(expandUids(compactUids(uids))).toEqual(want);
      }),
    );
  });
});

describe('diff state', () => {
  it('round-trips with and without modseq and flag hashes', () => {
    const a = { uidValidity: 42, modseq: 12345678901234n, uidNext: 9, uids: [1, 2, 3, 8] };
    expect(encodeDiffState(a)).toBe('imap1.42.12345678901234.9.1:3,8');
    expect(decodeDiffState(encodeDiffState(a))).toEqual(a);
    const b = { uidValidity: 1, uidNext: 1, uids: [], flagHashes: [] };
    expect(decodeDiffState(encodeDiffState(b))).toEqual(b);
    const c = {
      uidValidity: 1,
      uidNext: 3,
      uids: [1, 2],
      flagHashes: [flagHash([]), flagHash(['seen'])],
    };
    expect(decodeDiffState(encodeDiffState(c))).toEqual(c);
  });

  it('flag hashes differ for different flag sets', () => {
    expect(flagHash(['seen'])).not.toBe(flagHash(['seen', 'flagged']));
    expect(flagHash(['Seen'])).toBe(flagHash(['seen']));
  });

  it('rejects states it did not produce with ERR_INVALID_ARGUMENT', () => {
    for (const bad of [
      '',
      'x',
      'imap1.1.2',
      'imap1.a.-.1.',
      'imap1.1.-.1.1:2.abc',
      'imap1.1.-.1.5:*',
      'jmap.1.2.3.4',
    ]) {
      let error: unknown;
      try {
        decodeDiffState(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(MailError);
      expect((error as MailError).code).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  it('property: any string either decodes or throws MailError', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          decodeDiffState(s);
        } catch (e) {
          return e instanceof MailError;
        }
        return true;
      }),
    );
  });
});
