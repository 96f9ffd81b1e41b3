/**
 * An IMAP session over a duplex stream the caller supplies, against the installed package — the
 * shape of a WebSocket-to-TCP bridge, a proxy or an SSH channel: mailroom writes to the stream
 * and reads from it and never opens a socket itself. Here the bridge is a Duplex that relays
 * to a TCP connection. Usage: tsx imap-over-duplex.ts HOST PORT USER [MAILBOX] (password in
 * IMAP_PASSWORD)
 * Run in CI by test/integration/installed-package.test.ts against the private Dovecot.
 */
import { connect } from 'node:net';
import { Duplex } from 'node:stream';
import { ImapConnection } from 'mailroom/imap';
import { listEnvelopes, startSession } from 'mailroom/imap/coroutines';

const [host = '127.0.0.1', port = '143', user = '', mailbox = 'INBOX'] = process.argv.slice(2);

/** A relay: bytes written go to the far side, bytes from it are pushed to the reader. */
function bridge(to: { host: string; port: number }): Duplex {
  const tcp = connect(to.port, to.host);
  const relay = new Duplex({
    write(chunk: Buffer, _encoding, done) {
      tcp.write(chunk, done);
    },
    read() {
      tcp.resume();
    },
    final(done) {
      tcp.end(done);
    },
    destroy(error, done) {
      tcp.destroy();
      done(error);
    },
  });
  tcp.on('data', (d: Buffer) => {
    if (!relay.push(d)) tcp.pause();
  });
  tcp.on('end', () => relay.push(null));
  tcp.on('error', (e) => relay.destroy(e));
  return relay;
}

// The connection runs coroutines over the caller's stream: the set-up (greeting, login) and the
// backend's own listing operation, each one queued call (mailroom/imap/coroutines).
const conn = ImapConnection.fromStream(bridge({ host, port: Number(port) }));
const config = {
  host,
  port: Number(port),
  starttls: 'never' as const,
  auth: { user, password: process.env.IMAP_PASSWORD ?? '' },
};
await conn.run(startSession(conn.session, config));
const page = await conn.run(listEnvelopes(conn.session, mailbox, { pageSize: 3 }));
await conn.logout();
console.log(JSON.stringify({ exists: page.total, fetched: page.envelopes.length }));
