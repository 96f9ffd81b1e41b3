import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import { ImapSession } from '../../../src/backends/imap/session.js';
import { plain } from '../../../src/backends/imap/sasl/simple.js';
import { scram } from '../../../src/backends/imap/sasl/scram.js';
import { authed } from './helpers.js';
import { replayAll } from './transcript.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('STARTTLS', () => {
  it('upgrades, discards cleartext capabilities and re-reads them over TLS', () => {
    let s = new ImapSession();
    const r = replayAll(
      `C: A1 STARTTLS
       S: A1 OK begin TLS
       C: A2 CAPABILITY
       S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
       S: A2 OK done`,
      () => {
        s = new ImapSession();
        s.setCapabilities(['IMAP4REV1', 'STARTTLS', 'LOGINDISABLED', 'AUTH=FAKE']);
        return c.starttls(s);
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.upgrades).toEqual(['startTls']);
    expect(s.secure).toBe(true);
    expect([...s.capabilities].sort()).toEqual(['AUTH=PLAIN', 'IMAP4REV1']);
  });
  it('refuses bytes injected after the tagged OK (response injection)', () => {
    const r = replayAll(
      `C: A1 STARTTLS\nS: A1 OK begin TLS\nS: * CAPABILITY IMAP4rev1 AUTH=PLAIN`,
      () => c.starttls(new ImapSession()),
    );
    expect(r.error).toMatchObject({ code: 'ERR_STARTTLS_INJECTION' });
    expect(r.upgrades).toEqual([]);
  });
  it('refuses a partial injected line too', () => {
    const r = replayAll(`C: A1 STARTTLS\nS: A1 OK begin TLS\nS: A2 OK`, () =>
      c.starttls(new ImapSession()),
    );
    // at every split: either the session or the transport still holds the injected bytes
    expect(r.error).toMatchObject({ code: 'ERR_STARTTLS_INJECTION' });
  });
  it('a NO to STARTTLS fails without upgrading', () => {
    const r = replayAll(`C: A1 STARTTLS\nS: A1 NO not now`, () => c.starttls(new ImapSession()));
    expect(r.error).toMatchObject({ code: 'ERR_PROTOCOL' });
    expect(r.upgrades).toEqual([]);
  });
});

describe('greeting', () => {
  it('refuses PREAUTH in cleartext when TLS is required (STARTTLS stripping)', () => {
    const r = replayAll(`S: * PREAUTH [CAPABILITY IMAP4rev1] logged in`, () =>
      c.greeting(new ImapSession(), { tlsRequired: true }),
    );
    expect(r.error).toMatchObject({ code: 'ERR_STARTTLS_REQUIRED' });
  });
  it('accepts PREAUTH over TLS and takes capabilities from the greeting', () => {
    let s = new ImapSession();
    const r = replayAll(`S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] hi`, () => {
      s = new ImapSession();
      s.secure = true;
      return c.greeting(s, { tlsRequired: true });
    });
    expect(r.result).toBe(true);
    expect(s.state).toBe('authenticated');
    expect(s.hasCapability('IDLE')).toBe(true);
  });
  it('BYE greeting is a refusal', () => {
    const r = replayAll(`S: * BYE too busy`, () =>
      c.greeting(new ImapSession(), { tlsRequired: false }),
    );
    expect(r.error).toMatchObject({ code: 'ERR_CONNECTION_CLOSED' });
  });
});

describe('strict tag matching', () => {
  it('a tagged line with another tag does not complete the command and is reported', () => {
    let events: string[] = [];
    const r = replayAll(
      `C: A1 NOOP
       S: A0 OK stale completion
       S: X9 BAD forged
       S: * 5 EXISTS
       S: A1 OK NOOP done`,
      () => {
        const s = authed();
        events = [];
        s.listener = (e) => events.push(e.type);
        return c.noop(s);
      },
    );
    expect(r.error).toBeUndefined();
    expect(events.filter((e) => e === 'protocolError')).toHaveLength(2);
  });
  it('the next command still matches its own tag afterwards', () => {
    let s = authed();
    const r = replayAll(
      `C: A1 NOOP
       S: A2 NO not yours
       S: A1 OK done
       C: A2 NOOP
       S: A2 OK done`,
      () => {
        s = authed();
        const session = s;
        return (function* () {
          yield* c.noop(session);
          yield* c.noop(session);
        })();
      },
    );
    expect(r.error).toBeUndefined();
  });
  it('an undecodable untagged line is skipped without losing sync', () => {
    const r = replayAll(`C: A1 NOOP\nS: * 12 FETCH (UID \nS: A1 OK done`, () => c.noop(authed()));
    expect(r.error).toBeUndefined();
  });
  it('a FETCH response that cannot be decoded fails that FETCH (no silent data loss) but keeps sync', () => {
    const r = replayAll(
      `C: A1 FETCH 1:2 (UID)
       S: * 1 FETCH (UID 5)
       S: * 2 FETCH (UID )
       S: A1 OK done
       C: A2 NOOP
       S: A2 OK done`,
      () => {
        const s = authed();
        return (function* () {
          let error: unknown;
          try {
            yield* c.fetch(s, '1:2', { uid: true });
          } catch (e) {
            error = e;
          }
          yield* c.noop(s);
          return error;
        })();
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ code: 'ERR_PARSE', details: { dropped: 1 } });
  });
  it('EOF mid-command is ERR_CONNECTION_CLOSED', () => {
    const r = replayAll(`C: A1 NOOP\nS: * 1 EXISTS`, () => c.noop(authed()));
    expect(r.error).toMatchObject({ code: 'ERR_CONNECTION_CLOSED' });
  });
});

describe('AUTHENTICATE / LOGIN', () => {
  it('PLAIN with SASL-IR sends the initial response inline', () => {
    let s = authed();
    const r = replayAll(
      `C: A1 AUTHENTICATE PLAIN ${b64('\0tim\0tanstaaftanstaaf')}
       S: A1 OK [CAPABILITY IMAP4rev1 IDLE] done`,
      () => {
        s = new ImapSession();
        s.setCapabilities(['IMAP4REV1', 'SASL-IR', 'AUTH=PLAIN']);
        return c.authenticate(s, plain('tim', 'tanstaaftanstaaf'));
      },
    );
    expect(r.error).toBeUndefined();
    expect(s.state).toBe('authenticated');
    expect(s.hasCapability('IDLE')).toBe(true);
  });
  it('PLAIN without SASL-IR waits for the empty challenge, then re-reads capabilities', () => {
    const r = replayAll(
      `C: A1 AUTHENTICATE PLAIN
       S: +
       C: ${b64('\0u\0p')}
       S: A1 OK done
       C: A2 CAPABILITY
       S: * CAPABILITY IMAP4rev1
       S: A2 OK done`,
      () => {
        const s = new ImapSession();
        s.setCapabilities(['IMAP4REV1', 'AUTH=PLAIN']);
        return c.authenticate(s, plain('u', 'p'));
      },
    );
    expect(r.error).toBeUndefined();
  });
  it('SCRAM-SHA-1: a server that cannot prove the password is cancelled with "*"', () => {
    const random = Buffer.alloc(18, 7);
    const nonce = random.toString('base64');
    const serverFirst = `r=${nonce}srv,s=QSXCR+Q6sek8bf92,i=4096`;
    const reference = scram('sha1', 'user', 'pencil');
    reference.initial(random);
    const clientFinal = Buffer.from(reference.respond(Buffer.from(serverFirst))).toString();
    const r = replayAll(
      `C: A1 AUTHENTICATE SCRAM-SHA-1 ${b64(`n,,n=user,r=${nonce}`)}
       S: + ${b64(serverFirst)}
       C: ${b64(clientFinal)}
       S: + ${b64('v=AAAAAAAAAAAAAAAAAAAAAAAAAAA=')}
       C: *
       S: A1 BAD authentication cancelled`,
      () => {
        const s = new ImapSession();
        s.setCapabilities(['SASL-IR']);
        return c.authenticate(s, scram('sha1', 'user', 'pencil'));
      },
    );
    expect(r.error).toMatchObject({ code: 'ERR_AUTH' });
    expect(String((r.error as Error).message)).toMatch(/signature/);
  });
  it('LOGIN sends credentials as literals when needed, and a NO is ERR_AUTH without the password', () => {
    const r = replayAll(
      `C: A1 LOGIN user {4+}
       C: p
       C: w
       S: A1 NO [AUTHENTICATIONFAILED] Invalid credentials`,
      () => c.login(authed('IMAP4rev1 LITERAL+'), 'user', 'p\r\nw'),
    );
    expect(r.error).toMatchObject({ code: 'ERR_AUTH', details: { code: 'AUTHENTICATIONFAILED' } });
    expect(String((r.error as Error).message)).not.toContain('p\r\nw');
  });
  it('LOGIN is refused under LOGINDISABLED', () => {
    const r = replayAll(``, () => c.login(authed('IMAP4rev1 LOGINDISABLED'), 'u', 'p'));
    expect(r.error).toMatchObject({ code: 'ERR_AUTH' });
  });
});
