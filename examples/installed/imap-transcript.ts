/**
 * An IMAP listing driven from a recorded transcript with driveSync, against the installed
 * package: SELECT, then UID FETCH of the newest two messages, answered from server bytes
 * recorded once (here inline). No socket: the coroutines yield `write` / `read` / `event`
 * requests and this performer answers them, checking every byte the client writes.
 * Run in CI by test/integration/installed-package.test.ts:  tsx imap-transcript.ts
 */
import { driveSync } from 'mailroom';
import { ImapSession, commands } from 'mailroom/imap';

const recording: [client: string, server: string][] = [
  [
    'A1 SELECT INBOX',
    '* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 12] ok\r\nA1 OK [READ-WRITE] done',
  ],
  [
    'A2 UID FETCH 10:11 (UID FLAGS ENVELOPE)',
    [
      '* 1 FETCH (UID 10 FLAGS (\\Seen) ENVELOPE ("Tue, 1 Dec 2026 09:00:00 +0000" "=?UTF-8?Q?R=C3=A9union?=" (("Ann" NIL "ann" "example.org")) NIL NIL NIL NIL NIL NIL "<10@example.org>"))',
      '* 2 FETCH (UID 11 FLAGS () ENVELOPE ("Wed, 2 Dec 2026 09:00:00 +0000" "lunch" (("Bob" NIL "bob" "example.org")) NIL NIL NIL NIL NIL NIL "<11@example.org>"))',
      'A2 OK done',
    ].join('\r\n'),
  ],
];

const session = new ImapSession();
session.setCapabilities(['IMAP4rev1', 'LITERAL+']);
session.state = 'authenticated';

let step = 0;
let pending = '';
const listed: { uid?: number; subject?: string | null; seen: boolean }[] = [];
const perform = (request: commands.ImapRequest): unknown => {
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
    case 'event': {
      if (request.event.type === 'fetchResult') {
        const a = request.event.response.attributes;
        listed.push({
          uid: a.uid,
          subject: a.envelope?.subject,
          seen: a.flags?.includes('\\Seen') ?? false,
        });
      }
      return undefined;
    }
    default:
      throw new Error(`this transcript has no answer to ${request.type}`);
  }
};

const box = driveSync(commands.select(session, 'INBOX'), perform);
const count = driveSync(
  commands.fetch(session, '10:11', { uid: true, flags: true, envelope: true }, { uid: true }),
  perform,
);
console.log(JSON.stringify({ exists: box.exists, uidNext: box.uidNext, count, listed }));
