/** Whole-session transcripts from test/fixtures/imap/commands/, replayed at every split point. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import type { CommandEvent } from '../../../src/backends/imap/commands/run.js';
import { ImapSession } from '../../../src/backends/imap/session.js';
import { replayAll } from './transcript.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/imap/commands/${name}`, import.meta.url), 'utf8');

describe('RFC 3501 §8 sample session', () => {
  it('runs greeting → LOGIN → SELECT → FETCH → STORE → LOGOUT', () => {
    let s = new ImapSession();
    const r = replayAll(fixture('rfc3501-session.txt'), () => {
      const session = (s = new ImapSession());
      return (function* () {
        yield* c.greeting(session, { tlsRequired: false });
        yield* c.login(session, 'mrc', 'secret');
        const selected = yield* c.select(session, 'INBOX');
        yield* c.fetch(session, '12', {
          flags: true,
          internalDate: true,
          size: true,
          envelope: true,
          bodyStructure: true,
        });
        yield* c.fetch(session, '12', { headers: true });
        const stored = yield* c.store(session, '12', ['\\Deleted'], { action: 'add' });
        yield* c.logout(session);
        return { selected, stored };
      })();
    });
    expect(r.error).toBeUndefined();
    expect(r.result?.selected).toMatchObject({
      exists: 18,
      recent: 2,
      unseen: 17,
      uidValidity: 3857529045,
      readOnly: false,
    });
    expect(r.result?.stored.updated[0]?.attributes.flags).toEqual(['\\Seen', '\\Deleted']);
    const fetches = r.events.filter(
      (e): e is Extract<CommandEvent, { type: 'fetchResult' }> =>
        (e as CommandEvent).type === 'fetchResult',
    );
    expect(fetches[0]?.response.attributes.envelope?.cc[1]).toMatchObject({
      name: 'John Klensin',
      mailbox: 'KLENSIN',
    });
    expect(fetches[0]?.response.attributes.rfc822Size).toBe(4286);
    const header = Buffer.from(
      fetches[1]?.response.attributes.bodySections?.[0]?.data ?? [],
    ).toString();
    expect(header).toMatch(/^Date: Wed, 17 Jul 1996.*\r\n\r\n$/s);
    expect(header.length).toBe(342);
    expect(s.state).toBe('logout');
  });
});
