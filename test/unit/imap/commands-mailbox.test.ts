import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import type { ImapSession } from '../../../src/backends/imap/session.js';
import { authed } from './helpers.js';
import { replayAll } from './transcript.js';

describe('SELECT / EXAMINE / UNSELECT / CLOSE', () => {
  it('SELECT records mailbox state from untagged data and the tagged code', () => {
    let s: ImapSession = authed();
    const r = replayAll(
      `C: A1 SELECT INBOX
       S: * 172 EXISTS
       S: * 1 RECENT
       S: * OK [UNSEEN 12] Message 12 is first unseen
       S: * OK [UIDVALIDITY 3857529045] UIDs valid
       S: * OK [UIDNEXT 4392] Predicted next UID
       S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
       S: * OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited
       S: * OK [HIGHESTMODSEQ 715194045007] Highest
       S: A1 OK [READ-WRITE] SELECT completed`,
      () => c.select((s = authed()), 'INBOX'),
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({
      name: 'INBOX',
      exists: 172,
      recent: 1,
      unseen: 12,
      uidValidity: 3857529045,
      uidNext: 4392,
      highestModseq: 715194045007n,
      readOnly: false,
    });
    expect(r.result?.permanentFlags).toContain('\\*');
    expect(s.state).toBe('selected');
  });
  it('EXAMINE with QRESYNC collects VANISHED (EARLIER) and changed FETCHes', () => {
    const r = replayAll(
      `C: A1 EXAMINE INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))
       S: * 314 EXISTS
       S: * OK [UIDVALIDITY 67890007] Ok
       S: * OK [HIGHESTMODSEQ 20050715194045000] Ok
       S: * VANISHED (EARLIER) 41,43:116,118,120:211,214:540
       S: * 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))
       S: A1 OK [READ-ONLY] done`,
      () =>
        c.select(authed(), 'INBOX', {
          readOnly: true,
          qresync: {
            uidValidity: 67890007,
            modseq: 20050715194045000n,
            knownUids: '41,43:211,214:541',
          },
        }),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.readOnly).toBe(true);
    expect(r.result?.vanished[0]).toEqual({ start: 41, end: 41 });
    expect(r.result?.changed[0]?.attributes.uid).toBe(117);
    expect(r.result?.highestModseq).toBe(90060115194045001n);
  });
  it('a failed SELECT leaves no mailbox selected and throws ERR_PROTOCOL with the code', () => {
    let s: ImapSession = authed();
    const r = replayAll(`C: A1 SELECT nope\nS: A1 NO [NONEXISTENT] no such mailbox`, () =>
      c.select((s = authed()), 'nope'),
    );
    expect(r.error).toMatchObject({
      code: 'ERR_PROTOCOL',
      details: { status: 'NO', code: 'NONEXISTENT' },
    });
    expect(s.selected).toBeUndefined();
    expect(s.state).toBe('authenticated');
  });
  it('SELECT (CONDSTORE), UNSELECT and CLOSE', () => {
    expect(
      replayAll(`C: A1 SELECT INBOX (CONDSTORE)\nS: A1 OK ok`, () =>
        c.select(authed(), 'INBOX', { condstore: true }),
      ).error,
    ).toBeUndefined();
    let s: ImapSession = authed();
    replayAll(`C: A1 UNSELECT\nS: A1 OK ok`, () => {
      s = authed();
      s.state = 'selected';
      return c.unselect(s);
    });
    expect(s.state).toBe('authenticated');
    expect(replayAll(`C: A1 CLOSE\nS: A1 OK ok`, () => c.close(authed())).error).toBeUndefined();
  });
});

describe('CREATE / DELETE / RENAME / SUBSCRIBE', () => {
  it('CREATE with USE (CREATE-SPECIAL-USE) and modified UTF-7 names', () => {
    const r = replayAll(`C: A1 CREATE "Sent Mail" (USE (\\Sent))\nS: A1 OK ok`, () =>
      c.create(authed(), 'Sent Mail', { specialUse: ['\\Sent'] }),
    );
    expect(r.error).toBeUndefined();
    expect(
      replayAll(`C: A1 CREATE &ANw-ber\nS: A1 OK ok`, () => c.create(authed(), 'Über')).error,
    ).toBeUndefined();
  });
  it('DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE', () => {
    expect(
      replayAll(`C: A1 DELETE old\nS: A1 OK ok`, () => c.deleteMailbox(authed(), 'old')).error,
    ).toBeUndefined();
    expect(
      replayAll(`C: A1 RENAME a b\nS: A1 OK ok`, () => c.rename(authed(), 'a', 'b')).error,
    ).toBeUndefined();
    expect(
      replayAll(`C: A1 SUBSCRIBE a\nS: A1 OK ok`, () => c.subscribe(authed(), 'a')).error,
    ).toBeUndefined();
    expect(
      replayAll(`C: A1 UNSUBSCRIBE a\nS: A1 OK ok`, () => c.unsubscribe(authed(), 'a')).error,
    ).toBeUndefined();
  });
  it('a NO carries the response code', () => {
    const r = replayAll(`C: A1 CREATE a\nS: A1 NO [ALREADYEXISTS] exists`, () =>
      c.create(authed(), 'a'),
    );
    expect(r.error).toMatchObject({ code: 'ERR_PROTOCOL', details: { code: 'ALREADYEXISTS' } });
  });
});

describe('LIST / STATUS', () => {
  it('LIST-EXTENDED with RETURN (SPECIAL-USE STATUS (...)) merges STATUS into entries', () => {
    const r = replayAll(
      `C: A1 LIST (SUBSCRIBED) "" "*" RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))
       S: * LIST (\\HasNoChildren) "/" INBOX
       S: * STATUS INBOX (MESSAGES 17 UNSEEN 16)
       S: * STATUS "Sent" (MESSAGES 2 UNSEEN 0)
       S: * LIST (\\Sent \\HasNoChildren) "/" "Sent"
       S: A1 OK done`,
      () =>
        c.list(authed(), {
          select: ['SUBSCRIBED'],
          return: ['SPECIAL-USE'],
          status: ['MESSAGES', 'UNSEEN'],
        }),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.map((e) => [e.mailbox, e.status?.messages])).toEqual([
      ['INBOX', 17],
      ['Sent', 2],
    ]);
    expect(r.result?.[1]?.attributes).toContain('\\Sent');
  });
  it('plain LIST decodes modified UTF-7 names', () => {
    const r = replayAll(`C: A1 LIST "" "%"\nS: * LIST () "." "&ANw-ber"\nS: A1 OK done`, () =>
      c.list(authed(), { patterns: ['%'] }),
    );
    expect(r.result?.[0]?.mailbox).toBe('Über');
  });
  it('STATUS', () => {
    const r = replayAll(
      `C: A1 STATUS blurdybloop (UIDNEXT MESSAGES HIGHESTMODSEQ)
       S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)
       S: A1 OK STATUS completed`,
      () => c.status(authed(), 'blurdybloop', ['UIDNEXT', 'MESSAGES', 'HIGHESTMODSEQ']),
    );
    expect(r.result).toMatchObject({ messages: 231, uidNext: 44292, highestModseq: 7011231777n });
  });
});

describe('APPEND', () => {
  const msg = Buffer.from('Subject: hi\r\n\r\nbody');
  it('waits for + before a synchronising literal and returns APPENDUID', () => {
    const r = replayAll(
      `C: A1 APPEND INBOX (\\Seen) "01-Jan-2020 00:00:00 +0000" {19}
       S: + Ready for literal data
       C: Subject: hi
       C:
       C: body
       S: A1 OK [APPENDUID 38505 3955] APPEND completed`,
      () =>
        c.append(authed('IMAP4rev1 UIDPLUS'), 'INBOX', [
          { message: msg, flags: ['\\Seen'], internalDate: new Date(Date.UTC(2020, 0, 1)) },
        ]),
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual({ uidValidity: 38505, uids: [{ start: 3955, end: 3955 }] });
  });
  it('does not send the literal when the server refuses it', () => {
    const r = replayAll(`C: A1 APPEND INBOX {19}\nS: A1 NO [TOOBIG] too big`, () =>
      c.append(authed('IMAP4rev1'), 'INBOX', [{ message: msg }]),
    );
    expect(r.error).toMatchObject({ code: 'ERR_PROTOCOL', details: { code: 'TOOBIG' } });
    expect(r.written).not.toContain('body');
  });
  it('MULTIAPPEND sends several messages in one command (LITERAL+)', () => {
    const r = replayAll(
      `C: A1 APPEND INBOX {1+}
       C: a {1+}
       C: b
       S: A1 OK [APPENDUID 7 1:2] done`,
      () =>
        c.append(authed('IMAP4rev1 LITERAL+ MULTIAPPEND'), 'INBOX', [
          { message: Buffer.from('a') },
          { message: Buffer.from('b') },
        ]),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.uids).toEqual([{ start: 1, end: 2 }]);
  });
  it('refuses MULTIAPPEND when not advertised', () => {
    const r = replayAll(``, () =>
      c.append(authed('IMAP4rev1'), 'INBOX', [{ message: msg }, { message: msg }]),
    );
    expect(r.error).toMatchObject({ code: 'ERR_UNSUPPORTED' });
  });
});
