import { describe, expect, it } from 'vitest';
import { ImapConnection } from '../../../src/backends/imap/client/connection.js';
import { isMailError } from '../../../src/shared/errors.js';
import { FakeTransport, tagOf } from './fake-server.js';

function selectedConnection(
  onLine: (line: string, push: (t: string) => void) => void,
  options = {},
) {
  const transport = new FakeTransport(onLine);
  const conn = new ImapConnection(transport, options);
  conn.session.state = 'selected';
  conn.session.setCapabilities(['IMAP4REV1', 'IDLE']);
  return { conn, transport };
}

describe('ImapConnection queue, abort and timeouts', () => {
  it('runs calls in order, one on the wire at a time', async () => {
    const { conn, transport } = selectedConnection((line, push) => {
      setTimeout(() => push(`${tagOf(line)} OK done\r\n`), 5);
    });
    await Promise.all([conn.noop(), conn.noop(), conn.check()]);
    expect(transport.written).toEqual(['A1 NOOP\r\n', 'A2 NOOP\r\n', 'A3 CHECK\r\n']);
  });

  it('an aborted call rejects at once with ERR_ABORTED but the command still completes (framing intact)', async () => {
    let release: (() => void) | undefined;
    const { conn, transport } = selectedConnection((line, push) => {
      const tag = tagOf(line);
      if (tag === 'A1') release = () => push('* 3 EXISTS\r\nA1 OK done\r\n');
      else push(`${tag} OK done\r\n`);
    });
    const controller = new AbortController();
    const first = conn.noop({ signal: controller.signal });
    const second = conn.noop();
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(first).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    release?.();
    await second;
    expect(transport.written).toEqual(['A1 NOOP\r\n', 'A2 NOOP\r\n']);
  });

  it('a call aborted before its turn never reaches the wire', async () => {
    const { conn, transport } = selectedConnection((line, push) =>
      setTimeout(() => push(`${tagOf(line)} OK\r\n`), 5),
    );
    const controller = new AbortController();
    const a = conn.noop();
    const b = conn.check({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    await a;
    expect(await b).toMatchObject({ code: 'ERR_ABORTED' });
    expect(transport.written).toEqual(['A1 NOOP\r\n']);
  });

  it('a silent server is ERR_TIMEOUT; the connection closes and queued calls fail ERR_CONNECTION_CLOSED', async () => {
    const { conn } = selectedConnection(() => undefined);
    const first = conn.noop({ timeoutMs: 30 });
    const queued = conn.noop();
    await expect(first).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    await expect(queued).rejects.toMatchObject({ code: 'ERR_CONNECTION_CLOSED' });
    expect(conn.closed).toBe(true);
  });

  it('the server closing mid-command fails it with ERR_CONNECTION_CLOSED and emits close', async () => {
    const closes: unknown[] = [];
    const { conn, transport } = selectedConnection(() => setTimeout(() => transport.destroy(), 5));
    conn.on('close', (e) => closes.push(e));
    const error = await conn.noop().catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_CONNECTION_CLOSED')).toBe(true);
    expect(closes).toHaveLength(1);
  });
});

describe('FETCH iterator', () => {
  const N = 2000;
  const fetchServer = (line: string, push: (t: string) => void): void => {
    const tag = tagOf(line);
    if (line.includes('FETCH')) {
      let out = '';
      for (let i = 1; i <= N; i++) out += `* ${i} FETCH (UID ${i} FLAGS ())\r\n`;
      push(`${out}${tag} OK done\r\n`);
    } else push(`${tag} OK done\r\n`);
  };

  it('yields every message in order', async () => {
    const { conn } = selectedConnection(fetchServer);
    let last = 0;
    for await (const m of conn.fetch('1:*', { uid: true, flags: true })) {
      expect(m.seq).toBe(last + 1);
      last = m.seq;
    }
    expect(last).toBe(N);
  });

  it('issuing another command inside the loop does not deadlock', async () => {
    const { conn, transport } = selectedConnection(fetchServer);
    let seen = 0;
    for await (const _ of conn.fetch('1:*', { uid: true })) {
      seen += 1;
      if (seen === 10) await conn.noop(); // queued behind the FETCH; the rest gets buffered
    }
    expect(seen).toBe(N);
    expect(transport.written.map((l) => l.trim().split(' ')[1])).toEqual(['FETCH', 'NOOP']);
  });

  it('breaking out early abandons the rest and keeps the connection usable', async () => {
    const { conn } = selectedConnection(fetchServer);
    for await (const m of conn.fetch('1:*', { uid: true })) if (m.seq === 3) break;
    await conn.noop();
    expect(conn.closed).toBe(false);
  });

  it('a NO fails the iteration with ERR_PROTOCOL', async () => {
    const { conn } = selectedConnection((line, push) =>
      push(`${tagOf(line)} NO [EXPUNGEISSUED] gone\r\n`),
    );
    const error = await conn.fetchAll('1', { uid: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_PROTOCOL', details: { code: 'EXPUNGEISSUED' } });
  });
});

describe('fetchEach (callback per message inside the driver)', () => {
  const fetchServer = (line: string, push: (t: string) => void): void => {
    const tag = tagOf(line);
    if (line.includes('FETCH')) {
      let out = '';
      for (let i = 1; i <= 500; i++) out += `* ${i} FETCH (UID ${i * 2} FLAGS ())\r\n`;
      // split mid-response: messages must still arrive whole and in order
      push(out.slice(0, 1234));
      push(`${out.slice(1234)}${tag} OK done\r\n`);
    } else push(`${tag} OK done\r\n`);
  };

  it('hands over every message in order and resolves with the count', async () => {
    const { conn } = selectedConnection(fetchServer);
    const seen: [number, number | undefined][] = [];
    const count = await conn.fetchEach('1:*', { uid: true, flags: true }, (m) =>
      seen.push([m.seq, m.uid]),
    );
    expect(count).toBe(500);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => [i + 1, (i + 1) * 2]));
  });

  it('a throwing callback is not called again, rejects with its error, and the connection stays usable', async () => {
    const { conn } = selectedConnection(fetchServer);
    let calls = 0;
    const boom = new Error('boom');
    const error = await conn
      .fetchEach('1:*', { uid: true }, () => {
        calls += 1;
        if (calls === 3) throw boom;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(calls).toBe(3);
    await conn.noop();
    expect(conn.closed).toBe(false);
  });

  it('a NO rejects with ERR_PROTOCOL', async () => {
    const { conn } = selectedConnection((line, push) => push(`${tagOf(line)} NO gone\r\n`));
    const error = await conn
      .fetchEach('1', { uid: true }, () => undefined)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_PROTOCOL' });
  });
});

describe("FETCH bodyStructure: 'hasAttachment'", () => {
  const body =
    '(("text" "plain" NIL NIL NIL "7bit" 1 1 NIL NIL NIL NIL)("application" "pdf" NIL NIL NIL "base64" 9 NIL ("attachment" NIL) NIL NIL) "mixed")';
  const server = (line: string, push: (t: string) => void): void => {
    const tag = tagOf(line);
    if (line.includes('FETCH'))
      push(`* 1 FETCH (UID 5 BODYSTRUCTURE ${body})\r\n${tag} OK done\r\n`);
    else push(`${tag} OK done\r\n`);
  };

  it('decodes only the flag for that command, and the full tree again afterwards', async () => {
    const { conn, transport } = selectedConnection(server);
    const [flag] = await conn.fetchAll('1', { bodyStructure: 'hasAttachment' });
    expect(flag).toEqual({ seq: 1, uid: 5, bodyStructureHasAttachment: true });
    expect(transport.written[0]).toContain('FETCH 1 (BODYSTRUCTURE)');
    const [tree] = await conn.fetchAll('1', { bodyStructure: true });
    expect(tree?.bodyStructureHasAttachment).toBeUndefined();
    expect(tree?.bodyStructure).toMatchObject({ multipart: true, subtype: 'mixed' });
  });

  it('a failed command restores the full tree too', async () => {
    let first = true;
    const { conn } = selectedConnection((line, push) => {
      if (first && line.includes('FETCH')) {
        first = false;
        push(`${tagOf(line)} NO nope\r\n`);
      } else server(line, push);
    });
    await expect(conn.fetchAll('1', { bodyStructure: 'hasAttachment' })).rejects.toMatchObject({
      code: 'ERR_PROTOCOL',
    });
    const [tree] = await conn.fetchAll('1', { bodyStructure: true });
    expect(tree?.bodyStructure).toMatchObject({ multipart: true });
  });
});

describe('IDLE', () => {
  it('another call ends the IDLE with DONE first, and events arrive while idling', async () => {
    const events: number[] = [];
    let idleTag = '';
    const { conn, transport } = selectedConnection((line, push) => {
      if (line.endsWith('IDLE\r\n')) {
        idleTag = tagOf(line);
        push('+ idling\r\n');
        setTimeout(() => push('* 4 EXISTS\r\n'), 5);
      } else if (line === 'DONE\r\n') push(`${idleTag} OK idle done\r\n`);
      else push(`${tagOf(line)} OK done\r\n`);
    });
    conn.session.selected = new (
      await import('../../../src/backends/imap/selected.js')
    ).SelectedMailbox('INBOX', false);
    const existsSeen = new Promise<void>((resolve) =>
      conn.on('exists', (e) => {
        events.push(e.count);
        resolve();
      }),
    );
    const idling = conn.idle();
    await existsSeen; // IDLE is running: the server's EXISTS arrived through it
    await conn.noop();
    await idling;
    expect(events).toEqual([4]);
    expect(transport.written).toEqual(['A1 IDLE\r\n', 'DONE\r\n', 'A2 NOOP\r\n']);
  });

  it('an abort signal sends DONE', async () => {
    const { conn, transport } = selectedConnection((line, push) => {
      if (line.endsWith('IDLE\r\n')) push('+ idling\r\n* 5 EXISTS\r\n');
      else if (line === 'DONE\r\n') push('A1 OK done\r\n');
    });
    conn.session.selected = new (
      await import('../../../src/backends/imap/selected.js')
    ).SelectedMailbox('INBOX', false);
    const controller = new AbortController();
    // IDLE is running once the EXISTS it carries arrives: abort then, not after a pause
    const inIdle = new Promise<void>((resolve) => conn.on('exists', () => resolve()));
    const idling = conn.idle({ signal: controller.signal });
    await inIdle;
    controller.abort();
    await idling;
    expect(transport.written).toEqual(['A1 IDLE\r\n', 'DONE\r\n']);
  });
});
