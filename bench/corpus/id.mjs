// The corpus's version: part of every bench mailbox and folder name and of every results file,
// so data seeded from an older corpus is never measured as this one. Bump it when
// realistic.mjs changes a byte of its output.
export const CORPUS_ID = 'realistic-v1';
