/** NameTable answers as a Map from unique name to slot would, collisions included. */
import { describe, expect, it } from 'vitest';
import { NameTable, uniqueLength } from '../../../src/backends/maildir/name-table.js';

/** FNV-1a as name-table.ts computes it, to find a real collision. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function reference(names: string[]): Map<string, number> {
  const map = new Map<string, number>();
  names.forEach((name, slot) => map.set(name.slice(0, uniqueLength(name)), slot));
  return map;
}

describe('NameTable', () => {
  it('finds every unique name, the cur/ copy of a duplicate, and nothing else', () => {
    const names = [
      '1.M1P1.host', // new/
      '2.M1P1.host,S=10',
      '3.M1P1.host:2,S', // cur/ from here on
      '1.M1P1.host:2,', // the same message as slot 0, moved: cur wins
      '4.M1P1.host:2,FS',
    ];
    const table = new NameTable(names);
    const map = reference(names);
    expect(table.size).toBe(map.size);
    for (const [unique, slot] of map) expect(table.find(unique)).toBe(slot);
    expect(table.find('5.M1P1.host')).toBeUndefined();
    expect(table.find('3.M1P1.host:2,S')).toBeUndefined(); // a full name is not a unique name
    expect(table.find('3.M1P1.hos')).toBeUndefined(); // nor is a prefix
  });

  it('keeps colliding names apart', () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined && i < 1_000_000; i++) {
      const name = `${i}.M${i % 977}P1.host`;
      const h = fnv1a(name);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, name];
      else seen.set(h, name);
    }
    expect(pair).toBeDefined();
    const [a, b] = pair as [string, string];
    expect(fnv1a(a)).toBe(fnv1a(b));
    const names = [`${a}:2,S`, 'x.M1P1.host', `${b}:2,`];
    const table = new NameTable(names);
    expect(table.size).toBe(3);
    expect(table.find(a)).toBe(0);
    expect(table.find(b)).toBe(2);
  });
});
