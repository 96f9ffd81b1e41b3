/**
 * RFC transcripts (RFC 3501 §8, RFC 9051 and extension examples) through framer + decoder,
 * replayed at every chunk split point: the result must not depend on how bytes arrive.
 */
import { describe, expect, it } from 'vitest';
import type { ImapResponse, UntaggedResponse } from '../../../../src/backends/imap/wire/types.js';
import { decodeAll, loadFixture, plain, replay } from './fixture.js';

function untagged<T extends UntaggedResponse['type']>(
  rs: ImapResponse[],
  type: T,
): (UntaggedResponse & { type: T })[] {
  return rs.filter(
    (r): r is UntaggedResponse & { type: T } => r.kind === 'untagged' && r.type === type,
  );
}

function everySplit(bytes: Uint8Array): void {
  const whole = plain(replay([bytes]));
  for (let k = 1; k < bytes.length; k++) {
    const got = plain(replay([bytes.subarray(0, k), bytes.subarray(k)]));
    if (JSON.stringify(got) !== JSON.stringify(whole))
      expect({ split: k, got }).toEqual({ split: k, got: whole });
  }
  // byte by byte, the worst case for partial lines and literal boundaries
  const single = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
  expect(plain(replay(single))).toEqual(whole);
}

describe('RFC 3501 §8 transcript', () => {
  const bytes = loadFixture('rfc3501-section8.txt');
  const rs = decodeAll(bytes);

  it('decodes every response with the expected types', () => {
    expect(rs.map((r) => (r.kind === 'untagged' ? r.type : r.kind))).toEqual([
      'status',
      'tagged',
      'exists',
      'flags',
      'recent',
      'status',
      'status',
      'tagged',
      'fetch',
      'tagged',
      'fetch',
      'tagged',
      'fetch',
      'tagged',
      'status',
      'tagged',
    ]);
    const [first] = untagged(rs, 'fetch');
    const a = first!.attributes;
    expect(first!.seq).toBe(12);
    expect(a.rfc822Size).toBe(4286);
    expect(a.internalDateParsed?.toISOString()).toBe('1996-07-17T09:44:25.000Z');
    expect(a.envelope?.cc.map((x) => x.mailbox)).toEqual(['minutes', 'KLENSIN']);
    expect(a.envelope?.subject).toBe('IMAP4rev1 WG mtg summary and minutes');
    expect(a.body).toMatchObject({
      multipart: false,
      type: 'text',
      subtype: 'plain',
      size: 3028,
      lines: 92,
    });
    const header = untagged(rs, 'fetch')[1]!.attributes.bodySections![0]!;
    expect(header.section).toBe('HEADER');
    expect(new TextDecoder().decode(header.data!)).toMatch(/^Date: Wed, 17 Jul 1996.*\r\n\r\n$/s);
    const statuses = untagged(rs, 'status');
    expect(statuses[2]).toMatchObject({
      code: { type: 'UIDVALIDITY', value: 3857529045 },
      text: 'UIDs valid',
    });
    expect(rs[7]).toMatchObject({
      kind: 'tagged',
      tag: 'a002',
      status: 'OK',
      code: { type: 'READ-WRITE' },
    });
  });

  it('gives the same result at every chunk split point', () => everySplit(bytes));
});

describe('RFC 9051 and extension examples', () => {
  const bytes = loadFixture('rfc9051-examples.txt');
  const rs = decodeAll(bytes);

  it('decodes capabilities, continuations and status codes', () => {
    expect(rs[0]).toMatchObject({
      type: 'status',
      code: { type: 'CAPABILITY', capabilities: ['IMAP4rev2', 'STARTTLS', 'AUTH=GSSAPI'] },
    });
    expect(untagged(rs, 'capability')[0]!.capabilities).toContain('LOGINDISABLED');
    const conts = rs.filter((r) => r.kind === 'continuation');
    expect(conts.map((c) => c.text)).toEqual([
      'YGgGCSqGSIb3EgECAgIBAAD/////6jcyG4GE3KkTzBeBiVHeceP2CWY0SR0fAQAgAAQEBAQ=',
      'Ready for additional command text',
    ]);
    const codes = rs.flatMap((r) => ('code' in r && r.code ? [r.code] : []));
    expect(codes).toContainEqual({ type: 'PERMANENTFLAGS', flags: ['\\Deleted', '\\Seen', '\\*'] });
    expect(codes).toContainEqual({
      type: 'APPENDUID',
      uidValidity: 38505,
      uids: [{ start: 3955, end: 3955 }],
    });
    expect(codes).toContainEqual({
      type: 'COPYUID',
      uidValidity: 38505,
      sourceUids: [
        { start: 304, end: 304 },
        { start: 319, end: 320 },
      ],
      destinationUids: [{ start: 3956, end: 3958 }],
    });
    expect(codes).toContainEqual({ type: 'HIGHESTMODSEQ', value: 715194045007n });
    expect(codes).toContainEqual({
      type: 'MODIFIED',
      set: [
        { start: 7, end: 7 },
        { start: 9, end: 9 },
      ],
    });
    expect(codes).toContainEqual({ type: 'MAILBOXID', id: 'F2212ea87-6097-4256-9d51-71338625' });
    for (const t of [
      'ALERT',
      'AUTHENTICATIONFAILED',
      'TRYCREATE',
      'NOMODSEQ',
      'CLOSED',
      'READ-ONLY',
    ]) {
      expect(codes).toContainEqual({ type: t });
    }
  });

  it('decodes LIST variants, NAMESPACE and STATUS', () => {
    const lists = untagged(rs, 'list').map((l) => l.list);
    expect(lists.map((l) => l.mailbox)).toEqual([
      'INBOX',
      '',
      '#news.comp.mail.misc',
      'INBOX',
      'Tofu',
      'NewName',
      'Drafts',
      'Fruit/Banana',
    ]);
    expect(lists[3]!.rawMailbox).toBe('inbox');
    expect(lists[4]!.childInfo).toEqual(['SUBSCRIBED']);
    expect(lists[5]!.oldName).toBe('OldName');
    expect(lists[6]!.attributes).toEqual(['\\HasNoChildren', '\\Drafts']);
    expect(lists[1]!.delimiter).toBe('/');
    const ns = untagged(rs, 'namespace');
    expect(ns[0]).toMatchObject({
      personal: [{ prefix: '', delimiter: '/' }],
      other: null,
      shared: [{ prefix: 'Public Folders/' }],
    });
    expect(ns[1]!.personal![1]).toEqual({
      prefix: '#mh/',
      delimiter: '/',
      extensions: [{ name: 'X-PARAM', values: ['FLAG1', 'FLAG2'] }],
    });
    const st = untagged(rs, 'mailboxStatus');
    expect(st[0]).toMatchObject({
      mailbox: 'blurdybloop',
      values: { messages: 231, uidNext: 44292 },
    });
    expect(st[1]!.values).toEqual({
      messages: 17,
      size: 16384,
      highestModseq: 7011231777n,
      appendLimit: 257890,
      deleted: 2,
    });
  });

  it('decodes searches, threads and CONDSTORE/QRESYNC data', () => {
    const es = untagged(rs, 'esearch').map((e) => e.esearch);
    expect(es[0]).toEqual({ tag: 'A282', uid: false, min: 2, count: 3 });
    expect(es[1]!.all).toEqual([
      { start: 2, end: 2 },
      { start: 10, end: 11 },
    ]);
    expect(es[2]).toEqual({ tag: 'A285', uid: true, min: 7, max: 3800 });
    const searches = untagged(rs, 'search');
    expect(searches[0]!.ids).toEqual([2, 84, 882]);
    expect(searches[1]).toMatchObject({
      ids: [2, 5, 6, 7, 11, 12, 18, 19, 20, 23],
      modseq: 917162500n,
    });
    expect(untagged(rs, 'sort')[0]!.ids).toEqual([2, 3, 6]);
    const threads = untagged(rs, 'thread');
    expect(threads[0]!.threads[1]).toEqual({
      id: 3,
      children: [
        {
          id: 6,
          children: [
            { id: 4, children: [{ id: 23, children: [] }] },
            { id: 44, children: [{ id: 7, children: [{ id: 96, children: [] }] }] },
          ],
        },
      ],
    });
    expect(threads[1]!.threads[0]).toEqual({
      id: null,
      children: [
        { id: 3, children: [] },
        { id: 5, children: [] },
      ],
    });
    const v = untagged(rs, 'vanished');
    expect(v[0]!.earlier).toBe(true);
    expect(v[0]!.uids[0]).toEqual({ start: 41, end: 41 });
    expect(v[1]).toMatchObject({
      earlier: false,
      uids: [
        { start: 405, end: 405 },
        { start: 407, end: 407 },
        { start: 410, end: 410 },
        { start: 425, end: 425 },
      ],
    });
    expect(untagged(rs, 'enabled')[0]!.capabilities).toEqual(['CONDSTORE', 'QRESYNC']);
  });

  it('decodes FETCH extension items and keeps unknown data raw', () => {
    const f = untagged(rs, 'fetch').map((x) => x.attributes);
    expect(f.find((a) => a.modseq !== undefined)).toEqual({ uid: 4, modseq: 12121231000n });
    expect(f.find((a) => a.binarySizes)!.binarySizes).toEqual([{ section: '2', size: 46 }]);
    const bin = f.find((a) => a.binarySections)!.binarySections![0]!;
    expect(new TextDecoder().decode(bin.data!)).toBe('Binary part two\r\n');
    expect(f).toContainEqual({ emailId: 'M6d99ac3275bb4e', threadId: 'T64b478a75b7ea9' });
    expect(f).toContainEqual({ emailId: 'M5fdc09b49ea703', threadId: null });
    expect(f).toContainEqual({ uid: 7, preview: 'Hello there, here is the preview' });
    expect(f).toContainEqual({ saveDate: '01-Jan-2021 10:00:00 +0000' });
    expect(f).toContainEqual({
      gmThrId: '1278455344230334865',
      gmMsgId: '1278455344230334865',
      gmLabels: ['\\Inbox', '\\Sent', 'Important', 'Muy Importante', 'Äpfel'],
      uid: 9,
    });
    expect(f.at(-1)).toEqual({
      uid: 10,
      unknown: [{ name: 'X-FUTURE-ITEM', value: ['1', 'two', null] }],
      flags: [],
    });
    const unk = untagged(rs, 'unknown')[0]!;
    expect(unk.name).toBe('XSTRANGE');
    expect(new TextDecoder().decode(unk.raw)).toBe('* XSTRANGE some (future) data\r\n');
  });

  it('decodes ID, QUOTA, ACL and METADATA', () => {
    const id = untagged(rs, 'id');
    expect(id[0]!.params!['support-url']).toBe('mailto:cyrus-bugs+@andrew.cmu.edu');
    expect(Object.getPrototypeOf(id[0]!.params)).toBeNull();
    expect(id[1]!.params).toBeNull();
    expect(untagged(rs, 'quotaroot')[0]).toMatchObject({ mailbox: 'INBOX', roots: [''] });
    expect(untagged(rs, 'quota')[0]).toMatchObject({
      root: '',
      resources: [{ name: 'STORAGE', usage: 10, limit: 512 }],
    });
    expect(untagged(rs, 'acl')[0]!.entries).toEqual([
      { identifier: 'Fred', rights: 'rwipsldexta' },
    ]);
    expect(untagged(rs, 'listrights')[0]).toMatchObject({
      mailbox: '~/Mail/saved',
      identifier: 'smith',
      required: 'la',
      optional: ['r', 'swicdkxte'],
    });
    expect(untagged(rs, 'myrights')[0]!.rights).toBe('rwiptsldaex');
    const md = untagged(rs, 'metadata');
    expect(new TextDecoder().decode(md[0]!.entries[0]!.value!)).toBe('Shared comment');
    expect(md[1]!.entries.map((e) => e.name)).toEqual(['/shared/comment', '/private/comment']);
  });

  it('gives the same result at every chunk split point', () => everySplit(bytes));
});
