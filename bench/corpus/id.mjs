// The corpus's version: part of every bench mailbox and folder name and of every results file,
// so data seeded from an older corpus is never measured as this one. Bump it when
// realistic.mjs changes a byte of its output. (v1 wrote non-ASCII recipient names of
// US-ASCII senders as raw UTF-16 code units: 12 % of its header blocks.)
export const CORPUS_ID = 'realistic-v2';
