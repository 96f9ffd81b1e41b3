import { describe, expect, it } from 'vitest';
import { plain, login, anonymous } from '../../../src/backends/imap/sasl/simple.js';
import { cramMd5 } from '../../../src/backends/imap/sasl/cram-md5.js';
import { scram } from '../../../src/backends/imap/sasl/scram.js';
import { oauthBearer, xoauth2 } from '../../../src/backends/imap/sasl/oauth.js';
import { chooseMechanism } from '../../../src/backends/imap/sasl/select.js';
import { isMailError } from '../../../src/shared/errors.js';

const text = (b: Uint8Array | null): string | null =>
  b === null ? null : Buffer.from(b).toString('utf8');
const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('PLAIN (RFC 4616 §4 examples)', () => {
  it('encodes authcid and password with an empty authzid', () => {
    expect(text(plain('tim', 'tanstaaftanstaaf').initial(new Uint8Array()))).toBe(
      '\0tim\0tanstaaftanstaaf',
    );
  });
  it('encodes an authzid', () => {
    expect(text(plain('Kurt', 'xipj3plmq', 'Ursel').initial(new Uint8Array()))).toBe(
      'Ursel\0Kurt\0xipj3plmq',
    );
  });
  it('answers the empty challenge of a server without SASL-IR, once', () => {
    const m = plain('tim', 'pw');
    expect(text(m.respond(new Uint8Array()))).toBe('\0tim\0pw');
    expect(() => m.respond(new Uint8Array())).toThrow();
  });
  it('refuses NUL in credentials without echoing them', () => {
    try {
      plain('a\0b', 'secret-pw');
      expect.unreachable();
    } catch (e) {
      expect(isMailError(e, 'ERR_INVALID_ARGUMENT')).toBe(true);
      expect(String((e as Error).message)).not.toContain('secret-pw');
    }
  });
});

describe('CRAM-MD5 (RFC 2195 §2 example)', () => {
  it('answers the RFC challenge', () => {
    const m = cramMd5('tim', 'tanstaaftanstaaf');
    expect(m.initial(new Uint8Array())).toBeNull();
    expect(text(m.respond(bytes('<1896.697170952@postoffice.reston.mci.net>')))).toBe(
      'tim b913a602c7eda7a495b4e6e7334d3890',
    );
  });
});

describe('SCRAM-SHA-1 (RFC 5802 §5 example)', () => {
  const nonce = Buffer.from('fyko+d2lbbFgONRv9qkxdawL', 'base64');
  it('reproduces the example exchange and verifies the server', () => {
    const m = scram('sha1', 'user', 'pencil');
    expect(text(m.initial(nonce))).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    const final = m.respond(
      bytes('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'),
    );
    expect(text(final)).toBe(
      'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    );
    expect(text(m.respond(bytes('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=')))).toBe('');
    expect(() => m.finish()).not.toThrow();
  });
  it('rejects a wrong server signature', () => {
    const m = scram('sha1', 'user', 'pencil');
    m.initial(nonce);
    m.respond(bytes('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'));
    expect(() => m.respond(bytes('v=AAAAAAAAAAAAAAAAAAAAAAAAAAA='))).toThrow(/signature/);
  });
  it('refuses success without the server proof', () => {
    const m = scram('sha1', 'user', 'pencil');
    m.initial(nonce);
    m.respond(bytes('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'));
    expect(() => m.finish()).toThrow(/prove/);
  });
  it('rejects a server nonce that does not extend ours, and absurd iteration counts', () => {
    const a = scram('sha1', 'user', 'pencil');
    a.initial(nonce);
    expect(() => a.respond(bytes('r=other,s=QSXCR+Q6sek8bf92,i=4096'))).toThrow(/nonce/);
    const b = scram('sha1', 'user', 'pencil');
    b.initial(nonce);
    expect(() =>
      b.respond(bytes('r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=999999999')),
    ).toThrow(/iteration/);
  });
});

describe('SCRAM-SHA-256 (RFC 7677 §3 example)', () => {
  it('reproduces the example exchange', () => {
    const m = scram('sha256', 'user', 'pencil');
    expect(text(m.initial(Buffer.from('rOprNGfwEbeRWgbNEkqO', 'base64')))).toBe(
      'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    );
    const serverFirst =
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    expect(text(m.respond(bytes(serverFirst)))).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    m.respond(bytes('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='));
    expect(() => m.finish()).not.toThrow();
  });
});

describe('LOGIN, ANONYMOUS, OAUTHBEARER, XOAUTH2', () => {
  it('LOGIN answers the two prompts', () => {
    const m = login('u', 'p');
    expect(m.initial(new Uint8Array())).toBeNull();
    expect(text(m.respond(bytes('Username:')))).toBe('u');
    expect(text(m.respond(bytes('Password:')))).toBe('p');
    expect(() => m.respond(bytes('?'))).toThrow();
  });
  it('ANONYMOUS sends the trace', () => {
    expect(text(anonymous('sirhc').initial(new Uint8Array()))).toBe('sirhc');
  });
  it('OAUTHBEARER follows RFC 7628 §4.1 and answers an error challenge with 0x01', () => {
    const m = oauthBearer(
      'user@example.com',
      'vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==',
      'server.example.com',
      143,
    );
    expect(text(m.initial(new Uint8Array()))).toBe(
      'n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01',
    );
    expect([...m.respond(bytes('{"status":"invalid_token"}'))]).toEqual([1]);
    expect(m.serverError).toBe('{"status":"invalid_token"}');
  });
  it('XOAUTH2 format', () => {
    expect(
      text(
        xoauth2('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg').initial(
          new Uint8Array(),
        ),
      ),
    ).toBe(
      'user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01',
    );
  });
});

describe('mechanism selection', () => {
  const pw = { user: 'u', password: 'p' };
  it('prefers the strongest password mechanism offered', () => {
    expect(
      chooseMechanism(['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256'], pw, false),
    ).toBe('SCRAM-SHA-256');
    expect(chooseMechanism(['PLAIN', 'CRAM-MD5'], pw, false)).toBe('CRAM-MD5');
    expect(chooseMechanism([], pw, false)).toBeNull();
  });
  it('prefers OAUTHBEARER for tokens and refuses when nothing fits', () => {
    expect(
      chooseMechanism(['PLAIN', 'XOAUTH2', 'OAUTHBEARER'], { user: 'u', accessToken: 't' }, false),
    ).toBe('OAUTHBEARER');
    expect(() => chooseMechanism(['PLAIN'], { user: 'u', accessToken: 't' }, false)).toThrow(
      /no acceptable/,
    );
    expect(() => chooseMechanism([], pw, true)).toThrow(/no acceptable/);
  });
  it('honours a requested mechanism only when offered', () => {
    expect(chooseMechanism(['PLAIN'], pw, false, 'plain')).toBe('PLAIN');
    expect(() => chooseMechanism(['PLAIN'], pw, false, 'SCRAM-SHA-1')).toThrow(/does not offer/);
  });
});
