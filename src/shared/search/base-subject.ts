/**
 * The RFC 5256 §2.1 "base subject": the subject with reply/forward leaders (`Re:`, `Fw:`,
 * `Fwd:`), leading `[list-tag]` blobs, trailing `(fwd)` and `[fwd: …]` wrappers removed, used to
 * sort by subject. Encoded-words are expected to be decoded already (Envelope.subject is).
 * Matching is case-insensitive; the result keeps the original case (callers fold it).
 */
const BLOB = String.raw`\[[^\[\]]*\][ \t]*`;
/** subj-leader = (*subj-blob subj-refwd) / WSP, with subj-refwd = ("re" / "fw" ["d"]) *WSP [subj-blob] ":" */
const LEADER = new RegExp(String.raw`^(?:(?:${BLOB})*(?:re|fwd?)[ \t]*(?:${BLOB})?:|[ \t]+)`, 'i');
const LEADING_BLOB = new RegExp(`^${BLOB}`);
/** subj-trailer = "(fwd)" / WSP */
const TRAILER = /(?:\(fwd\)|[ \t])+$/i;
const FWD_HEADER = /^\[fwd:/i;

/** Step (3)–(5): strip leaders and, while something non-blank remains, leading blobs. */
function stripLeaders(text: string): string {
  let s = text;
  for (;;) {
    const before = s;
    s = s.replace(LEADER, '');
    const blob = LEADING_BLOB.exec(s);
    if (blob && s.slice(blob[0].length).trim() !== '') s = s.slice(blob[0].length);
    if (s === before) return s;
  }
}

export function baseSubject(subject: string): string {
  // Step (1): whitespace runs (tabs, folded continuations) become one space.
  let s = subject.replace(/[ \t\r\n]+/g, ' ');
  for (;;) {
    s = s.replace(TRAILER, ''); // step (2)
    s = stripLeaders(s);
    // Step (6): "[fwd: …]" wraps the forwarded subject; unwrap and start over from (2).
    if (FWD_HEADER.test(s) && s.endsWith(']')) {
      s = s.slice(5, -1);
      continue;
    }
    return s;
  }
}
