// What the imap-client suite loads of mailroom, from the built package (dist/, as an installed
// mailroom runs; the peers run from node_modules, so no client is bundled): the protocol client,
// and the library's own RFC 2047 decoder and date parser, so its decoded run does what imapflow
// and node-imap do internally.
export { ImapClient } from '../../dist/backends/imap/client/client.js';
export { decodeEncodedWords, parseMailDate } from '../../dist/shared/mime/index.js';
