/**
 * A tiny loopback SMTP server for tests that Postfix cannot play: one that never offers
 * STARTTLS, and one that refuses chosen recipients. It records every transaction.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface Transaction {
  from: string;
  to: string[];
  data: string;
  mailParams: string;
}

export interface FakeSmtp {
  port: number;
  transactions: Transaction[];
  commands: string[];
  close(): Promise<void>;
}

export async function startFakeSmtp(options: { refuse?: string[] } = {}): Promise<FakeSmtp> {
  const transactions: Transaction[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let current: Transaction = { from: '', to: [], data: '', mailParams: '' };
    const reply = (line: string): boolean => socket.write(`${line}\r\n`);
    reply('220 fake.test ESMTP no-starttls');
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          current.data = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 5);
          inData = false;
          transactions.push(current);
          current = { from: '', to: [], data: '', mailParams: '' };
          reply('250 2.0.0 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        commands.push(line);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-fake.test\r\n250-8BITMIME\r\n250 SIZE 10000000');
        else if (verb === 'HELO') reply('250 fake.test');
        else if (verb === 'MAIL') {
          const m = /^MAIL FROM:<([^>]*)>(.*)$/i.exec(line);
          current.from = m?.[1] ?? '';
          current.mailParams = (m?.[2] ?? '').trim();
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (options.refuse?.includes(to) === true) reply('550 5.1.1 no such user');
          else {
            current.to.push(to);
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 5.5.1 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    transactions,
    commands,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
