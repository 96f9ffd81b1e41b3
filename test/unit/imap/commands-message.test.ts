import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import { atom, string as str } from '../../../src/backends/imap/wire/values.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import type { CommandEvent } from '../../../src/backends/imap/commands/run.js';
import { authed } from './helpers.js';
import { replayAll } from './transcript.js';

function selected(caps?: string) {
  const s = authed(caps);
  s.state = 'selected';
  s.selected = new SelectedMailbox('INBOX', false);
  s.selected.exists = 10;
  return s;
}

describe('CHECK / EXPUNGE / UID EXPUNGE', () => {
  it('EXPUNGE collects sequence numbers and updates EXISTS', () => {
    let s = selected();
    const r = replayAll(
      `C: A1 EXPUNGE\nS: * 3 EXPUNGE\nS: * 3 EXPUNGE\nS: * 5 EXPUNGE\nS: A1 OK done`,
      () => c.expunge((s = selected())),
    );
    expect(r.result?.expunged).toEqual([3, 3, 5]);
    expect(s.selected?.exists).toBe(7);
  });
  it('UID EXPUNGE with QRESYNC VANISHED', () => {
    const r = replayAll(`C: A1 UID EXPUNGE 3000:3002\nS: * VANISHED 3000:3001\nS: A1 OK done`, () =>
      c.expunge(selected(), '3000:3002'),
    );
    expect(r.result?.vanished).toEqual([{ start: 3000, end: 3001 }]);
  });
  it('CHECK', () => {
    expect(
      replayAll(`C: A1 CHECK\nS: A1 OK done`, () => c.check(selected())).error,
    ).toBeUndefined();
  });
});

describe('STORE / COPY / MOVE', () => {
  it('UID STORE with UNCHANGEDSINCE reports MODIFIED', () => {
    const r = replayAll(
      `C: A1 UID STORE 1:3 (UNCHANGEDSINCE 12345) +FLAGS.SILENT (\\Deleted)
       S: * 1 FETCH (UID 1 MODSEQ (12346))
       S: A1 OK [MODIFIED 2] done`,
      () =>
        c.store(selected(), '1:3', ['\\Deleted'], {
          uid: true,
          action: 'add',
          silent: true,
          unchangedSince: 12345n,
        }),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.modified).toEqual([{ start: 2, end: 2 }]);
    expect(r.result?.updated[0]?.attributes.uid).toBe(1);
  });
  it('STORE FLAGS and -FLAGS', () => {
    const r = replayAll(
      `C: A1 STORE 2 -FLAGS ($Junk)\nS: * 2 FETCH (FLAGS ())\nS: A1 OK done`,
      () => c.store(selected(), '2', ['$Junk'], { action: 'remove' }),
    );
    expect(r.result?.updated[0]?.attributes.flags).toEqual([]);
  });
  it('UID COPY returns COPYUID; UID MOVE takes COPYUID from the untagged OK', () => {
    const copy = replayAll(`C: A1 UID COPY 4:5 Trash\nS: A1 OK [COPYUID 9 4:5 100:101] done`, () =>
      c.copy(selected(), '4:5', 'Trash', true),
    );
    expect(copy.result).toEqual({
      uidValidity: 9,
      sourceUids: [{ start: 4, end: 5 }],
      destinationUids: [{ start: 100, end: 101 }],
    });
    const move = replayAll(
      `C: A1 UID MOVE 4 Trash
       S: * OK [COPYUID 9 4 100] moved
       S: * 1 EXPUNGE
       S: A1 OK done`,
      () => c.move(selected(), '4', 'Trash', true),
    );
    expect(move.result?.destinationUids).toEqual([{ start: 100, end: 100 }]);
  });
});

describe('SEARCH / SORT / THREAD', () => {
  it('UID SEARCH with CHARSET', () => {
    const r = replayAll(
      `C: A1 UID SEARCH CHARSET UTF-8 SUBJECT "hello world"\nS: * SEARCH 2 84 882\nS: A1 OK done`,
      () =>
        c.search(selected(), [atom('SUBJECT'), str('hello world')], {
          uid: true,
          charset: 'UTF-8',
        }),
    );
    expect(r.result?.ids).toEqual([2, 84, 882]);
  });
  it('ESEARCH RETURN (MIN COUNT ALL)', () => {
    const r = replayAll(
      `C: A1 SEARCH RETURN (MIN COUNT ALL) UNSEEN
       S: * ESEARCH (TAG "A1") MIN 2 COUNT 3 ALL 2,10:11
       S: A1 OK done`,
      () => c.search(selected(), [atom('UNSEEN')], { return: ['MIN', 'COUNT', 'ALL'] }),
    );
    expect(r.result?.ids).toEqual([2, 10, 11]);
    expect(r.result?.esearch).toMatchObject({ min: 2, count: 3 });
  });
  it('a CR/LF in a search string becomes a literal, never a new line of protocol', () => {
    const r = replayAll(
      `C: A1 SEARCH SUBJECT {12}
       S: + go
       C: a
       C: A2 LOGOUT
       S: * SEARCH
       S: A1 OK done`,
      () => c.search(selected('IMAP4rev1'), [atom('SUBJECT'), str('a\r\nA2 LOGOUT')]),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.ids).toEqual([]);
  });
  it('X-GM-RAW', () => {
    const r = replayAll(
      `C: A1 UID SEARCH X-GM-RAW "has:attachment in:unread"\nS: * SEARCH 7\nS: A1 OK done`,
      () => c.gmailRawSearch(selected(), 'has:attachment in:unread'),
    );
    expect(r.result?.ids).toEqual([7]);
  });
  it('SORT and THREAD', () => {
    const sort = replayAll(
      `C: A1 UID SORT (REVERSE DATE SUBJECT) UTF-8 ALL\nS: * SORT 5 3 4\nS: A1 OK done`,
      () =>
        c.sort(selected(), [{ key: 'DATE', reverse: true }, { key: 'SUBJECT' }], [atom('ALL')], {
          uid: true,
        }),
    );
    expect(sort.result).toEqual([5, 3, 4]);
    const thread = replayAll(
      `C: A1 THREAD REFERENCES UTF-8 ALL\nS: * THREAD (2)(3 6 (4 23)(44 7 96))\nS: A1 OK done`,
      () => c.thread(selected(), 'REFERENCES', [atom('ALL')]),
    );
    expect(thread.result?.length).toBe(2);
    expect(thread.result?.[0]?.id).toBe(2);
  });
});

describe('FETCH', () => {
  it('streams each FETCH as an event with typed attributes (and literal bodies)', () => {
    const r = replayAll(
      `C: A1 UID FETCH 1:* (UID FLAGS ENVELOPE BODY.PEEK[HEADER.FIELDS (SUBJECT)]) (CHANGEDSINCE 5 VANISHED)
       S: * VANISHED (EARLIER) 9
       S: * 1 FETCH (UID 4 FLAGS (\\Seen) ENVELOPE ("Mon, 7 Feb 1994 21:52:25 -0800" "hi" (("Fred" NIL "fred" "example.org")) NIL NIL NIL NIL NIL NIL "<id@x>") BODY[HEADER.FIELDS (SUBJECT)] {13}
       S: Subject: hi
       S: )
       S: A1 OK done`,
      () =>
        c.fetch(
          selected(),
          '1:*',
          { uid: true, flags: true, envelope: true, headers: ['SUBJECT'] },
          { uid: true, changedSince: 5n, vanished: true },
        ),
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toBe(1);
    const ev = r.events.find((e) => (e as CommandEvent).type === 'fetchResult') as Extract<
      CommandEvent,
      { type: 'fetchResult' }
    >;
    expect(ev.response.attributes.uid).toBe(4);
    expect(ev.response.attributes.envelope?.subject).toBe('hi');
    expect(Buffer.from(ev.response.attributes.bodySections?.[0]?.data ?? []).toString()).toBe(
      'Subject: hi\r\n',
    );
  });
  it('builds BINARY.PEEK, partials, PREVIEW and Gmail items', () => {
    const r = replayAll(
      `C: A1 FETCH 2 (PREVIEW X-GM-LABELS X-GM-MSGID X-GM-THRID BINARY.PEEK[1]<0.100> BINARY.SIZE[1])\nS: A1 OK done`,
      () =>
        c.fetch(selected(), '2', {
          preview: true,
          gmail: true,
          binary: [{ section: '1', partial: { start: 0, length: 100 } }],
          binarySize: ['1'],
        }),
    );
    expect(r.error).toBeUndefined();
  });
  it('rejects sections that are not section-spec grammar', () => {
    const r = replayAll(``, () =>
      c.fetch(selected(), '1', { bodies: [{ section: 'HEADER] UID STORE 1 +FLAGS (\\Deleted' }] }),
    );
    expect(r.error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
  it('VANISHED without CHANGEDSINCE is refused before anything is sent', () => {
    const r = replayAll(``, () =>
      c.fetch(selected(), '1', { uid: true }, { uid: true, vanished: true }),
    );
    expect(r.error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});

describe('IDLE', () => {
  it('applies untagged data while idling, sends DONE on stop', () => {
    let s = selected();
    const events: string[] = [];
    const r = replayAll(
      `C: A1 IDLE
       S: + idling
       S: * 11 EXISTS
       X: stop
       C: DONE
       S: A1 OK IDLE terminated`,
      () => {
        s = selected();
        s.listener = (e) => events.push(e.type);
        return c.idle(s);
      },
    );
    expect(r.error).toBeUndefined();
    expect(s.selected?.exists).toBe(11);
    expect(events).toContain('exists');
  });
  it('re-issues IDLE after the refresh interval', () => {
    const r = replayAll(
      `C: A1 IDLE
       S: + idling
       X: timeout
       C: DONE
       S: A1 OK done
       C: A2 IDLE
       S: + idling
       X: stop
       C: DONE
       S: A2 OK done`,
      () => c.idle(selected()),
    );
    expect(r.error).toBeUndefined();
  });
});

describe('extensions', () => {
  it('COMPRESS DEFLATE asks the driver to compress after the OK', () => {
    const r = replayAll(`C: A1 COMPRESS DEFLATE\nS: A1 OK DEFLATE active`, () =>
      c.compress(authed()),
    );
    expect(r.upgrades).toEqual(['compress']);
  });
  it('NOTIFY SET and NONE', () => {
    const r = replayAll(
      `C: A1 NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS) MessageExpunge)) (PERSONAL (MailboxName))
       S: A1 OK done`,
      () =>
        c.notify(
          authed(),
          [
            {
              filter: 'selected',
              events: ['MessageNew', 'MessageExpunge'],
              messageNew: { uid: true, flags: true },
            },
            { filter: 'personal', events: ['MailboxName'] },
          ],
          true,
        ),
    );
    expect(r.error).toBeUndefined();
    expect(
      replayAll(`C: A1 NOTIFY NONE\nS: A1 OK done`, () => c.notify(authed(), [])).error,
    ).toBeUndefined();
  });
  it('GETQUOTAROOT / GETQUOTA', () => {
    const r = replayAll(
      `C: A1 GETQUOTAROOT INBOX
       S: * QUOTAROOT INBOX ""
       S: * QUOTA "" (STORAGE 10 512)
       S: A1 OK done`,
      () => c.getQuotaRoot(authed(), 'INBOX'),
    );
    expect(r.result).toEqual({
      roots: [''],
      quotas: [{ root: '', resources: [{ name: 'STORAGE', usage: 10, limit: 512 }] }],
    });
    const q = replayAll(`C: A1 GETQUOTA ""\nS: * QUOTA "" (MESSAGE 1 100)\nS: A1 OK done`, () =>
      c.getQuota(authed(), ''),
    );
    expect(q.result?.[0]?.resources[0]?.name).toBe('MESSAGE');
  });
  it('GETACL / MYRIGHTS', () => {
    const acl = replayAll(
      `C: A1 GETACL INBOX\nS: * ACL INBOX Fred rwipsldexta\nS: A1 OK done`,
      () => c.getAcl(authed(), 'INBOX'),
    );
    expect(acl.result).toEqual([{ identifier: 'Fred', rights: 'rwipsldexta' }]);
    const my = replayAll(
      `C: A1 MYRIGHTS INBOX\nS: * MYRIGHTS INBOX rwiptsldaex\nS: A1 OK done`,
      () => c.myRights(authed(), 'INBOX'),
    );
    expect(my.result).toBe('rwiptsldaex');
  });
  it('GETMETADATA / SETMETADATA', () => {
    const r = replayAll(
      `C: A1 GETMETADATA (DEPTH 1) INBOX (/private/comment)
       S: * METADATA INBOX (/private/comment "My comment")
       S: A1 OK done`,
      () => c.getMetadata(authed(), 'INBOX', ['/private/comment'], { depth: '1' }),
    );
    expect(Buffer.from(r.result?.get('/private/comment') ?? []).toString()).toBe('My comment');
    expect(
      replayAll(`C: A1 SETMETADATA INBOX (/private/comment NIL)\nS: A1 OK done`, () =>
        c.setMetadata(authed(), 'INBOX', { '/private/comment': null }),
      ).error,
    ).toBeUndefined();
  });
});
