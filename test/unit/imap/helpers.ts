import { ImapSession } from '../../../src/backends/imap/session.js';

/** A session that is authenticated with the given capabilities. */
export function authed(caps = 'IMAP4rev1 LITERAL+ UIDPLUS MOVE CONDSTORE'): ImapSession {
  const s = new ImapSession();
  s.setCapabilities(caps.split(' '));
  s.state = 'authenticated';
  return s;
}
