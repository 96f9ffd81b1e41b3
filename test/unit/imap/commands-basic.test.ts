import { describe, expect, it } from 'vitest';
import { ImapSession } from '../../../src/backends/imap/session.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import * as c from '../../../src/backends/imap/commands/index.js';
import { replayAll } from './transcript.js';
import { authed } from './helpers.js';

describe('CAPABILITY / NOOP', () => {
  it('replaces capabilities', () => {
    let s = new ImapSession();
    const r = replayAll(
      `C: A1 CAPABILITY
       S: * CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN
       S: A1 OK done`,
      () => c.capability((s = new ImapSession())),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.sort()).toEqual(['AUTH=PLAIN', 'IMAP4REV1', 'STARTTLS']);
    expect(s.capabilitiesFresh).toBe(true);
  });
});

describe('NOOP, LOGOUT, ID, ENABLE, NAMESPACE', () => {
  it('NOOP routes unsolicited EXISTS to the selected mailbox and events', () => {
    let s = authed();
    const events: unknown[] = [];
    const r = replayAll(
      `C: A1 NOOP
       S: * 23 EXISTS
       S: * 3 EXPUNGE
       S: * 4 FETCH (FLAGS (\\Seen))
       S: A1 OK NOOP completed`,
      () => {
        s = authed();
        s.state = 'selected';
        s.selected = new SelectedMailbox('INBOX', false);
        s.listener = (e) => events.push(e);
        return c.noop(s);
      },
    );
    expect(r.error).toBeUndefined();
    expect(s.selected?.exists).toBe(22);
    expect(events.slice(-3).map((e) => (e as { type: string }).type)).toEqual([
      'exists',
      'expunge',
      'fetch',
    ]);
  });
  it('LOGOUT accepts BYE then OK and ends in logout state', () => {
    let s = authed();
    const r = replayAll(`C: A1 LOGOUT\nS: * BYE bye\nS: A1 OK done`, () =>
      c.logout((s = authed())),
    );
    expect(r.error).toBeUndefined();
    expect(s.state).toBe('logout');
  });
  it('sendLogout writes LOGOUT and reads nothing (its answer is not awaited)', () => {
    let s = authed();
    const r = replayAll(`C: A1 LOGOUT`, () => c.sendLogout((s = authed())));
    expect(r.error).toBeUndefined();
    expect(s.state).toBe('logout');
  });
  it('a deferred ENABLE rides in the same write as the next command', () => {
    const s = authed();
    c.deferEnable(s, ['QRESYNC']);
    expect(s.enabled.has('QRESYNC')).toBe(true); // counted as enabled at once
    const first = c.noop(s).next();
    expect(first.done).toBe(false);
    const request = first.value as { type: string; bytes: Uint8Array };
    expect(request.type).toBe('write');
    expect(Buffer.from(request.bytes).toString()).toBe('A1 ENABLE QRESYNC\r\nA2 NOOP\r\n');
  });
  it("a deferred ENABLE's answer is consumed; the command after it sees only its own", () => {
    let s = authed();
    const r = replayAll(
      `C: A1 ENABLE QRESYNC
       C: A2 LIST "" "*"
       S: * ENABLED QRESYNC
       S: A1 OK enabled
       S: * LIST () "/" INBOX
       S: A2 OK done`,
      () => {
        s = authed();
        c.deferEnable(s, ['QRESYNC']);
        return c.list(s);
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.map((e) => e.mailbox)).toEqual(['INBOX']);
    expect(s.enabled.has('QRESYNC')).toBe(true);
    expect(s.inStep).toBe(true);
  });
  it('a refused deferred ENABLE takes the extensions back, and the next command still works', () => {
    let s = authed();
    const r = replayAll(
      `C: A1 ENABLE QRESYNC
       C: A2 NOOP
       S: A1 BAD not now
       S: A2 OK done`,
      () => {
        s = authed();
        c.deferEnable(s, ['QRESYNC']);
        return c.noop(s);
      },
    );
    expect(r.error).toBeUndefined();
    expect(s.enabled.has('QRESYNC')).toBe(false);
    expect(s.inStep).toBe(true);
  });
  it('ID sends our fields and returns the server fields', () => {
    const r = replayAll(
      `C: A1 ID ("name" "mailroom")
       S: * ID ("name" "Dovecot" "version" NIL)
       S: A1 OK ID completed`,
      () => c.id(authed(), { name: 'mailroom' }),
    );
    expect(r.result).toEqual({ name: 'Dovecot', version: null });
  });
  it('ENABLE returns what was enabled and records it', () => {
    let s = authed();
    const r = replayAll(
      `C: A1 ENABLE QRESYNC CONDSTORE
       S: * ENABLED QRESYNC CONDSTORE
       S: A1 OK enabled`,
      () => c.enable((s = authed()), ['QRESYNC', 'CONDSTORE']),
    );
    expect(r.result).toEqual(['QRESYNC', 'CONDSTORE']);
    expect(s.enabled.has('QRESYNC')).toBe(true);
  });
  it('NAMESPACE', () => {
    const r = replayAll(
      `C: A1 NAMESPACE
       S: * NAMESPACE (("" "/")) (("~" "/")) NIL
       S: A1 OK done`,
      () => c.namespace(authed()),
    );
    expect(r.result?.personal[0]).toMatchObject({ prefix: '', delimiter: '/' });
    expect(r.result?.other[0]).toMatchObject({ prefix: '~' });
    expect(r.result?.shared).toEqual([]);
  });
});
