/** Header-level MIME helpers shared by the local stores (Maildir, m2dir). */
export * from './headers.js';
export * from './encoded-words.js';
export * from './addresses.js';
export * from './date.js';
export * from './envelope-from-headers.js';
export * from './charsets.js';
