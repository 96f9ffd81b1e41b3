import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import { atom, string as str } from '../../../src/backends/imap/wire/values.js';
import { authed } from './helpers.js';
import { replayAll } from './transcript.js';

describe('pipelined STATUS (RFC 9051 §5.5)', () => {
  it('sends all commands in one write and attributes untagged data by order', () => {
    const r = replayAll(
      `C: A1 STATUS INBOX (MESSAGES)
       C: A2 STATUS Sent (MESSAGES)
       C: A3 STATUS Nope (MESSAGES)
       S: * STATUS INBOX (MESSAGES 3)
       S: A1 OK done
       S: * STATUS Sent (MESSAGES 7)
       S: A2 OK done
       S: A3 NO [NONEXISTENT] no such mailbox`,
      () => c.statusMany(authed(), ['INBOX', 'Sent', 'Nope'], ['MESSAGES']),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.get('INBOX')).toEqual({ ok: true, value: { messages: 3 } });
    expect(r.result?.get('Sent')).toEqual({ ok: true, value: { messages: 7 } });
    expect(r.result?.get('Nope')).toMatchObject({
      ok: false,
      error: { code: 'ERR_PROTOCOL', details: { code: 'NONEXISTENT' } },
    });
  });
  it('completions may come out of order', () => {
    const r = replayAll(
      `C: A1 STATUS a (MESSAGES)
       C: A2 STATUS b (MESSAGES)
       S: * STATUS a (MESSAGES 1)
       S: A2 NO busy
       S: A1 OK done`,
      () => c.statusMany(authed(), ['a', 'b'], ['MESSAGES']),
    );
    expect(r.result?.get('a')).toEqual({ ok: true, value: { messages: 1 } });
    expect(r.result?.get('b')?.ok).toBe(false);
  });
  it('falls back to one-at-a-time when a synchronising literal is needed', () => {
    const search = (text: string): c.PipelinedCommand<number> => {
      let count = 0;
      return {
        name: 'SEARCH',
        args: [atom('SUBJECT'), str(text)],
        untagged: (r) => {
          if (r.type === 'search') count += r.ids.length;
        },
        result: () => count,
      };
    };
    const r = replayAll(
      `C: A1 SEARCH SUBJECT {4}
       S: + go
       C: a
       C: b
       S: * SEARCH 1 2
       S: A1 OK done
       C: A2 SEARCH SUBJECT "c"
       S: * SEARCH 3
       S: A2 OK done`,
      () => {
        const s = authed('IMAP4rev1');
        s.state = 'selected';
        return c.pipeline(s, [search('a\r\nb'), search('c')]);
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual([
      { ok: true, value: 2 },
      { ok: true, value: 1 },
    ]);
  });
});
