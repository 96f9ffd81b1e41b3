// Maildir folders for the listEnvelopes benchmark, filled with the benchmarks' realistic corpus
// (bench/corpus/realistic.mjs, seed 42: thousands of senders, real charsets, threads, 1 KB–10 MB).
// File names carry the Date header's time, Dovecot's ,S=<size> as Dovecot's own deliveries do,
// and the corpus's flags as Maildir info letters (F, R, S; sorted).
import { mkdirSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { realisticCorpus } from '../corpus/realistic.mjs';

const LETTER = { '\\Flagged': 'F', '\\Answered': 'R', '\\Seen': 'S' };

/** Create `<dir>` with `count` messages unless it is already complete. */
export function generate(dir, count) {
  if (existsSync(join(dir, '.complete'))) return false;
  const staging = `${dir}.partial`;
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(staging, sub), { recursive: true });
  let i = 0;
  for (const { message: bytes, flags, date } of realisticCorpus(count, 42)) {
    const info = flags
      .map((f) => LETTER[f])
      .sort()
      .join('');
    const name = `${Math.floor(date.getTime() / 1000)}.M${i}P1Q${i}.bench,S=${bytes.length}:2,${info}`;
    writeFileSync(join(staging, 'cur', name), bytes);
    i++;
  }
  writeFileSync(join(staging, '.complete'), String(count));
  renameSync(staging, dir);
  return true;
}
