/**
 * An IMAP listing driven from a recorded transcript with driveSync, against the installed
 * package: the backend's own `listEnvelopes` operation (mailroom/imap/coroutines) — SELECT,
 * UID SORT, then UID FETCH of the newest page — answered from server bytes recorded once (here
 * inline). No socket: the coroutine yields `write` / `read` requests and this performer answers
 * them, checking every byte the client writes. The same coroutine is what ImapBackend runs on
 * its connections. Run in CI by test/integration/installed-package.test.ts:
 *   tsx imap-transcript.ts
 */
import { driveSync } from 'mailroom';
import { ImapSession, listEnvelopes, type ImapRequest } from 'mailroom/imap/coroutines';

const items =
  '(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (REFERENCES)])';
const structure = '("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 6 1 NIL NIL NIL NIL)';
const fetched = (seq: number, uid: number, flags: string, date: string, subject: string) =>
  `* ${seq} FETCH (UID ${uid} FLAGS (${flags}) INTERNALDATE "${date} +0000" RFC822.SIZE 300 ` +
  `ENVELOPE ("${date} +0000" "${subject}" (("Ann" NIL "ann" "example.org")) NIL NIL ` +
  `(("Bob" NIL "bob" "example.org")) NIL NIL NIL "<${uid}@example.org>") ` +
  `BODYSTRUCTURE ${structure} BODY[HEADER.FIELDS (REFERENCES)] {2}\r\n\r\n)`;

const recording: [client: string, server: string][] = [
  [
    'A1 SELECT INBOX',
    '* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 13] ok\r\n' +
      '* OK [PERMANENTFLAGS (\\Seen \\*)] ok\r\nA1 OK [READ-WRITE] done',
  ],
  ['A2 UID SORT (REVERSE DATE REVERSE ARRIVAL) UTF-8 ALL', '* SORT 12 11 10\r\nA2 OK done'],
  [
    `A3 UID FETCH 11:12 ${items}`,
    [
      fetched(2, 11, '', '02-Dec-2026 09:00:00', 'lunch'),
      fetched(3, 12, '\\Seen', '03-Dec-2026 09:00:00', '=?UTF-8?Q?R=C3=A9union?='),
      'A3 OK done',
    ].join('\r\n'),
  ],
];

const session = new ImapSession();
session.setCapabilities(['IMAP4rev1', 'LITERAL+', 'SORT']);
session.state = 'authenticated';

let step = 0;
let pending = '';
const requests: Record<string, number> = {};
const perform = (request: ImapRequest): unknown => {
  requests[request.type] = (requests[request.type] ?? 0) + 1;
  switch (request.type) {
    case 'write': {
      pending += Buffer.from(request.bytes).toString('latin1');
      const expected = `${recording[step]?.[0] ?? ''}\r\n`;
      if (!expected.startsWith(pending)) throw new Error(`unexpected client bytes ${pending}`);
      return undefined;
    }
    case 'read': {
      const server = recording[step++]?.[1];
      if (server === undefined) throw new Error('the transcript has ended');
      pending = '';
      return new Uint8Array(Buffer.from(`${server}\r\n`, 'latin1'));
    }
    default:
      throw new Error(`this transcript has no answer to ${request.type}`);
  }
};

const page = driveSync(listEnvelopes(session, 'INBOX', { pageSize: 2 }), perform);
console.log(
  JSON.stringify({
    total: page.total,
    listed: page.envelopes.map((e) => ({
      id: e.id,
      subject: e.subject,
      from: e.from?.[0]?.name,
      flags: e.flags,
    })),
    requests,
  }),
);
