/**
 * A deliberately tiny IMAP client for tests that must check a mailbox independently of
 * mailroom's own IMAP code: implicit TLS, LOGIN, then find a message by Message-ID and fetch
 * its raw bytes. Polls until the message arrives (delivery is asynchronous).
 */
import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';

interface ProbeTarget {
  host: string;
  port: number;
  caFile: string;
  user: string;
  password: string;
}

async function session(t: ProbeTarget, script: string[]): Promise<string> {
  const socket = connect({
    host: t.host,
    port: t.port,
    ca: readFileSync(t.caFile),
    servername: 'localhost',
  });
  let data = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (data += chunk));
  const waitFor = (re: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`imap probe timed out waiting for ${re}: ${data.slice(-300)}`)),
        10_000,
      );
      const check = (): void => {
        if (re.test(data)) {
          clearTimeout(timer);
          socket.off('data', check);
          resolve();
        }
      };
      socket.on('data', check);
      check();
    });
  await waitFor(/^\* OK/m);
  for (const [i, line] of script.entries()) {
    socket.write(`p${i} ${line}\r\n`);
    await waitFor(new RegExp(`^p${i} (OK|NO|BAD)`, 'm'));
  }
  socket.end();
  return data;
}

/** Raw bytes of the message with this Message-ID in `mailbox`, or undefined after `timeoutMs`. */
export async function fetchByMessageId(
  t: ProbeTarget,
  messageId: string,
  mailbox = 'INBOX',
  timeoutMs = 15_000,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  const quoted = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;
  while (Date.now() < deadline) {
    const out = await session(t, [
      `LOGIN ${quoted(t.user)} ${quoted(t.password)}`,
      `EXAMINE ${quoted(mailbox)}`,
      `UID SEARCH HEADER Message-ID ${quoted(messageId)}`,
    ]);
    const uid = /^\* SEARCH (\d+)/m.exec(out)?.[1];
    if (uid !== undefined) {
      const body = await session(t, [
        `LOGIN ${quoted(t.user)} ${quoted(t.password)}`,
        `EXAMINE ${quoted(mailbox)}`,
        `UID FETCH ${uid} BODY.PEEK[]`,
      ]);
      const m = /BODY\[\] \{(\d+)\}\r\n/.exec(body);
      if (m?.[1] !== undefined) {
        const start = (m.index ?? 0) + m[0].length;
        return Buffer.from(body, 'latin1')
          .subarray(start, start + Number(m[1]))
          .toString('utf8');
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return undefined;
}
