/**
 * The RFC 5256 §2.1 "base subject": the subject with reply/forward leaders (`Re:`, `Fw:`,
 * `Fwd:`), leading `[list-tag]` blobs, trailing `(fwd)` and `[fwd: …]` wrappers removed, used to
 * sort by subject. Encoded-words are expected to be decoded already (Envelope.subject is).
 * Matching is case-insensitive; the result keeps the original case (callers fold it).
 *
 * A hand-written scanner rather than regular expressions: subjects come from strangers, and the
 * obvious regexes are quadratic on inputs like "[a][a][a]…" or "(fwd)(fwd)…". This is linear.
 */

/** After step (1) the only whitespace left is a single space. */
const SP = ' ';

class Scanner {
  readonly lower: string;
  start = 0;
  end: number;

  constructor(readonly text: string) {
    this.lower = text.toLowerCase();
    this.end = text.length;
  }

  /** subj-blob = "[" *BLOBCHAR "]" *WSP — the index after it, or -1. */
  blob(at: number): number {
    if (this.text[at] !== '[') return -1;
    let i = at + 1;
    while (i < this.end && this.text[i] !== '[' && this.text[i] !== ']') i += 1;
    if (i >= this.end || this.text[i] !== ']') return -1;
    i += 1;
    while (i < this.end && this.text[i] === SP) i += 1;
    return i;
  }

  /** Step (2): subj-trailer = "(fwd)" / WSP, removed repeatedly from the end. */
  stripTrailers(): void {
    for (;;) {
      if (this.end > this.start && this.text[this.end - 1] === SP) this.end -= 1;
      else if (this.end - 5 >= this.start && this.lower.startsWith('(fwd)', this.end - 5))
        this.end -= 5;
      else return;
    }
  }

  /**
   * subj-leader = (*subj-blob subj-refwd) / WSP, subj-refwd = ("re" / "fw" ["d"]) *WSP
   * [subj-blob] ":". Returns the index after the leader, or -1 and where the blob run ended.
   */
  leader(at: number): { end: number; blobsEnd: number; lastBlob: number } {
    if (this.text[at] === SP) return { end: at + 1, blobsEnd: at, lastBlob: -1 };
    let i = at;
    let lastBlob = -1;
    for (let next = this.blob(i); next !== -1; next = this.blob(i)) {
      lastBlob = i;
      i = next;
    }
    const blobsEnd = i;
    if (this.lower.startsWith('re', i)) i += 2;
    else if (this.lower.startsWith('fwd', i)) i += 3;
    else if (this.lower.startsWith('fw', i)) i += 2;
    else return { end: -1, blobsEnd, lastBlob };
    while (i < this.end && this.text[i] === SP) i += 1;
    const afterBlob = this.blob(i);
    if (afterBlob !== -1) i = afterBlob;
    return { end: i < this.end && this.text[i] === ':' ? i + 1 : -1, blobsEnd, lastBlob };
  }

  /**
   * Steps (3)–(5): remove leaders; remove a leading blob when something non-blank follows it.
   * When no leader follows a run of blobs, removing them one at a time can never expose one, so
   * the run is skipped at once (keeping the last blob if nothing else would remain).
   */
  stripLeaders(): void {
    while (this.start < this.end) {
      const found = this.leader(this.start);
      if (found.end !== -1) {
        this.start = found.end;
      } else if (found.blobsEnd > this.start) {
        // After step (2) text[end-1] is not blank, so "non-blank remains" ⇔ index < end.
        this.start = found.blobsEnd < this.end ? found.blobsEnd : found.lastBlob;
        return;
      } else {
        return;
      }
    }
  }
}

export function baseSubject(subject: string): string {
  // Step (1): whitespace runs (tabs, folded continuations) become one space.
  const s = new Scanner(subject.replace(/[ \t\r\n]+/g, SP));
  for (;;) {
    s.stripTrailers();
    s.stripLeaders();
    // Step (6): "[fwd:" … "]" wraps the forwarded subject; unwrap and repeat from step (2).
    if (s.end - s.start >= 6 && s.lower.startsWith('[fwd:', s.start) && s.text[s.end - 1] === ']') {
      s.start += 5;
      s.end -= 1;
      continue;
    }
    return s.text.slice(s.start, s.end);
  }
}
