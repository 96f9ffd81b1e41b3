/**
 * DIGEST-MD5 (RFC 2831): the §4 IMAP example exchange, mutual authentication (rspauth), the
 * challenge grammar, and that neither the password nor the response appear in errors.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digestMd5, parseDirectives } from '../../../src/backends/imap/sasl/digest-md5.js';
import { chooseMechanism, createSaslClient } from '../../../src/backends/imap/sasl/select.js';
import * as c from '../../../src/backends/imap/commands/index.js';
import { MailError } from '../../../src/shared/errors.js';
import { replayAll } from './transcript.js';
import { ImapSession } from '../../../src/backends/imap/session.js';

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const dec = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

// RFC 2831 §4, the IMAP example
const CHALLENGE =
  'realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8';
const RESPONSE =
  'charset=utf-8,username="chris",realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",nc=00000001,cnonce="OA6MHXh6VqTrRk",digest-uri="imap/elwood.innosoft.com",response=d388dad90d4bbd760a152321f2143af7,qop=auth';
const RSPAUTH = 'rspauth=ea40f60335c427b5527b84dbabcdfffd';

function rfcClient() {
  return digestMd5('chris', 'secret', { host: 'elwood.innosoft.com', cnonce: 'OA6MHXh6VqTrRk' });
}

describe('DIGEST-MD5 (RFC 2831 §4 example)', () => {
  it('answers the example challenge with the example response and accepts its rspauth', () => {
    const client = rfcClient();
    expect(client.initial(new Uint8Array(16))).toBeNull();
    expect(dec(client.respond(enc(CHALLENGE)))).toBe(RESPONSE);
    expect(client.respond(enc(RSPAUTH))).toEqual(new Uint8Array(0));
    expect(() => client.finish()).not.toThrow();
  });

  it('refuses a wrong rspauth, and success without any (no mutual authentication)', () => {
    const wrong = rfcClient();
    wrong.initial(new Uint8Array(16));
    wrong.respond(enc(CHALLENGE));
    expect(() => wrong.respond(enc('rspauth=00000000000000000000000000000000'))).toThrow(
      /did not prove/,
    );
    const silent = rfcClient();
    silent.initial(new Uint8Array(16));
    silent.respond(enc(CHALLENGE));
    expect(() => silent.finish()).toThrow(MailError);
  });

  it('the whole AUTHENTICATE exchange as an IMAP transcript, replayed at every split', () => {
    const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');
    const session = (): ImapSession => {
      const s = new ImapSession();
      s.setCapabilities(['IMAP4rev1', 'AUTH=DIGEST-MD5']);
      return s;
    };
    const r = replayAll(
      `C: A1 AUTHENTICATE DIGEST-MD5
       S: + ${b64(CHALLENGE)}
       C: ${b64(RESPONSE)}
       S: + ${b64(RSPAUTH)}
       C:
       S: A1 OK [CAPABILITY IMAP4rev1] done`,
      () => c.authenticate(session(), rfcClient()),
    );
    expect(r.error).toBeUndefined();
  });

  it('a random cnonce comes from initial() and changes the response, not the format', () => {
    const client = digestMd5('chris', 'secret', { host: 'elwood.innosoft.com' });
    client.initial(new Uint8Array(16).fill(1));
    const answer = dec(client.respond(enc(CHALLENGE)));
    expect(answer).toContain('cnonce="AQEBAQEBAQEBAQEBAQEBAQ"');
    expect(answer).toMatch(/,response=[0-9a-f]{32},qop=auth$/);
  });

  it('refuses challenges it cannot answer safely', () => {
    for (const challenge of [
      'realm="x",qop="auth",algorithm=md5-sess', // no nonce
      'nonce="a",qop="auth-conf",algorithm=md5-sess', // no plain auth
      'nonce="a",qop="auth",algorithm=md5', // not md5-sess
      'nonce="a",nonce="b",algorithm=md5-sess', // repeated nonce
      'nonce="unterminated,algorithm=md5-sess',
      `nonce="${'n'.repeat(3000)}",algorithm=md5-sess`,
    ]) {
      const client = rfcClient();
      client.initial(new Uint8Array(16));
      expect(() => client.respond(enc(challenge)), challenge).toThrow(MailError);
    }
  });

  it('never puts the password into an error, whatever the challenge (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (challenge) => {
        const client = digestMd5('chris', 'S3cret-pw!', { host: 'h' });
        client.initial(new Uint8Array(16));
        try {
          client.respond(enc(challenge));
          client.respond(enc(challenge));
          client.finish();
        } catch (error) {
          expect(error).toBeInstanceOf(MailError);
          expect(String((error as Error).message)).not.toContain('S3cret-pw!');
        }
      }),
    );
  });

  it('parses the #rule grammar: LWS, quoted escapes, repeated realms', () => {
    const d = parseDirectives(' realm="a" , realm="b\\"c",, nonce = "n" ,qop=auth ');
    expect(d.get('realm')).toEqual(['a', 'b"c']);
    expect(d.get('nonce')).toEqual(['n']);
    expect(d.get('qop')).toEqual(['auth']);
  });

  it('ranks below SCRAM and above CRAM-MD5 when choosing automatically', () => {
    const pw = { user: 'u', password: 'p' };
    expect(chooseMechanism(['PLAIN', 'CRAM-MD5', 'DIGEST-MD5', 'SCRAM-SHA-1'], pw, false)).toBe(
      'SCRAM-SHA-1',
    );
    expect(chooseMechanism(['PLAIN', 'CRAM-MD5', 'DIGEST-MD5'], pw, false)).toBe('DIGEST-MD5');
    expect(createSaslClient('digest-md5', { ...pw, host: 'mail.example' }).name).toBe('DIGEST-MD5');
  });
});
