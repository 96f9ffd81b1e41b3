/**
 * Property: no string argument of any command — whatever CR, LF, NUL, quotes or braces it
 * holds — can make the client put a second command on the wire (RFC 9051 §4.3; the
 * node-imap / CVE-2025-15366 class of bug). The written bytes are re-framed the way a server
 * would (lines, `{n}`/`{n+}` literals skipped by count) and must hold exactly one command.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import type { ImapCoroutine } from '../../../src/backends/imap/commands/run.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import { string as str, atom } from '../../../src/backends/imap/wire/values.js';
import * as v from '../../../src/backends/imap/wire/values.js';
import { encodeCommand } from '../../../src/backends/imap/wire/encoder.js';
import type { CommandValue } from '../../../src/backends/imap/wire/types.js';
import { MailError } from '../../../src/shared/errors.js';
import { authed } from './helpers.js';

/** Count commands in a client byte stream as a server would frame them. */
function countCommands(bytes: Buffer): number {
  let pos = 0;
  let commands = 0;
  while (pos < bytes.length) {
    // one command: lines joined by literals
    for (;;) {
      const lf = bytes.indexOf(0x0a, pos);
      if (lf < 0) throw new Error('unterminated line');
      const line = bytes.subarray(pos, lf + 1).toString('latin1');
      pos = lf + 1;
      const m = /~?\{(\d+)\+?\}\r\n$/.exec(line);
      if (m === null) break;
      pos += Number(m[1]);
    }
    commands += 1;
  }
  return commands;
}

function run(co: () => ImapCoroutine<unknown>): { written: Buffer; error?: unknown } {
  let written = Buffer.alloc(0);
  let last = '';
  let finished = false;
  try {
    const gen = co();
    let step = gen.next();
    while (step.done !== true) {
      const req = step.value;
      let reply: unknown;
      if (req.type === 'write') {
        written = Buffer.concat([written, Buffer.from(req.bytes)]);
        last = Buffer.from(req.bytes).toString('latin1');
      } else if (req.type === 'read') {
        // a synchronising literal gets "+", anything else the tagged OK of the first command
        if (/\{\d+\}\r\n$/.test(last)) reply = Buffer.from('+ go\r\n');
        else if (!finished) {
          reply = Buffer.from('A1 OK [CAPABILITY IMAP4rev1] done\r\n');
          finished = true;
        } else reply = new Uint8Array(0); // EOF: the property is about the first command only
        last = '';
      } else if (req.type === 'random') reply = new Uint8Array(req.length);
      step = gen.next(reply);
    }
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    return { written, error };
  }
  return { written };
}

const nasty = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[a-zA-Z0-9 "\\{}()*%\]\r\n\0+~]{0,24}$/),
  fc.constantFrom(
    'x\r\nA2 LOGOUT',
    'a"\r\nA2 DELETE INBOX\r\n',
    '{5}\r\n',
    '\0',
    'x\nA2 NOOP',
    'x\rA2 NOOP',
  ),
);

function selected() {
  const s = authed('IMAP4rev1 LITERAL+ MULTIAPPEND ID');
  s.state = 'selected';
  s.selected = new SelectedMailbox('INBOX', false);
  return s;
}

const COMMANDS: [string, (a: string, b: string) => ImapCoroutine<unknown>][] = [
  ['LOGIN', (a, b) => c.login(authed('IMAP4rev1'), a, b)],
  ['SELECT', (a) => c.select(authed(), a)],
  ['CREATE', (a) => c.create(authed(), a)],
  ['DELETE', (a) => c.deleteMailbox(authed(), a)],
  ['RENAME', (a, b) => c.rename(authed(), a, b)],
  ['SUBSCRIBE', (a) => c.subscribe(authed(), a)],
  ['UNSUBSCRIBE', (a) => c.unsubscribe(authed(), a)],
  ['LIST', (a, b) => c.list(authed(), { reference: a, patterns: [b] })],
  ['STATUS', (a) => c.status(authed(), a, ['MESSAGES'])],
  ['APPEND', (a, b) => c.append(authed('IMAP4rev1'), a, [{ message: Buffer.from(b) }])],
  ['COPY', (a) => c.copy(selected(), '1', a, true)],
  ['MOVE', (a) => c.move(selected(), '1', a)],
  ['SEARCH', (a, b) => c.search(selected(), [atom('SUBJECT'), str(a), atom('BODY'), str(b)])],
  ['X-GM-RAW', (a) => c.gmailRawSearch(selected(), a)],
  ['ID', (a, b) => c.id(selected(), { [a]: b })],
  ['GETQUOTA', (a) => c.getQuota(authed(), a)],
  ['GETQUOTAROOT', (a) => c.getQuotaRoot(authed(), a)],
  ['GETACL', (a) => c.getAcl(authed(), a)],
  ['MYRIGHTS', (a) => c.myRights(authed(), a)],
  ['GETMETADATA', (a, b) => c.getMetadata(authed(), a, [b])],
  ['SETMETADATA', (a, b) => c.setMetadata(authed(), a, { '/private/comment': b })],
  ['NOTIFY', (a) => c.notify(authed(), [{ filter: { mailboxes: [a] }, events: ['MessageNew'] }])],
  ['FETCH headers', (a) => c.fetch(selected(), '1', { headers: [a] })],
];

describe('no argument can inject a second command', () => {
  for (const [name, make] of COMMANDS) {
    it(name, () => {
      fc.assert(
        fc.property(nasty, nasty, (a, b) => {
          const { written, error } = run(() => make(a, b));
          if (error !== undefined) {
            // refused before anything was sent, or refused mid-way by the server: never > 1
            expect([
              'ERR_INVALID_ARGUMENT',
              'ERR_PROTOCOL',
              'ERR_AUTH',
              'ERR_CONNECTION_CLOSED',
            ]).toContain((error as MailError).code);
            if (written.length > 0) expect(countCommands(written)).toBe(1);
            return;
          }
          expect(countCommands(written)).toBe(1);
          expect(written.subarray(0, 3).toString()).toBe('A1 ');
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('the encoder re-checks values at run time (the Validated brand is types only)', () => {
  // What a JavaScript caller can hand the exported API: plain objects with any `kind`.
  const forged: [string, unknown][] = [
    ['atom', { kind: 'atom', value: 'ALL\r\nA2 DELETE INBOX' }],
    ['atom with space', { kind: 'atom', value: 'ALL A2' }],
    ['sequence set', { kind: 'sequenceSet', value: '1:*\r\nA2 LOGOUT' }],
    ['token', { kind: 'token', value: 'BODY[]\r\nA2 LOGOUT' }],
    ['token with NUL', { kind: 'token', value: 'FLAGS\0' }],
    ['number', { kind: 'number', value: '1\r\nA2 LOGOUT' }],
    ['flag list', { kind: 'flagList', flags: ['\\Seen)\r\nA2 LOGOUT ('] }],
    ['date', { kind: 'date', value: '1-Jan-2020\r\nA2 LOGOUT', withTime: false }],
    ['string that is not a string', { kind: 'string', value: { length: 1 }, sensitive: false }],
    ['list inside', { kind: 'list', items: [{ kind: 'atom', value: 'X\nA2 NOOP' }] }],
    ['unknown kind', { kind: 'raw', value: 'A2 LOGOUT' }],
  ];
  it.each(forged)('%s: ERR_INVALID_ARGUMENT, nothing encoded', (_name, value) => {
    let error: unknown;
    try {
      encodeCommand('A1', 'SEARCH', [value as CommandValue]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('what the constructors build still encodes unchanged', () => {
    const out = encodeCommand('A1', 'UID FETCH', [
      v.sequenceSet('1:*'),
      v.list([v.token('BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>'), v.atom('FLAGS')]),
      v.flagList(['\\Seen', '$Junk']),
      v.date(new Date(Date.UTC(2020, 0, 2, 3, 4, 5)), { withTime: true }),
      v.number(2n ** 63n - 1n),
    ]);
    expect(Buffer.from(out.segments[0]!.bytes).toString()).toBe(
      'A1 UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100> FLAGS) (\\Seen $Junk) "02-Jan-2020 03:04:05 +0000" 9223372036854775807\r\n',
    );
  });
});
