// What the imap-client suite bundles of mailroom: the protocol client, and the library's own
// RFC 2047 decoder and date parser, so its decoded run does what imapflow and node-imap do.
export { ImapClient } from '../../src/backends/imap/client/client.js';
export { decodeEncodedWords, parseMailDate } from '../../src/shared/mime/index.js';
