/**
 * vitest globalSetup of the `integration` project: reads the state files of the servers that
 * ensure.sh started, checks that every port answers, and provides the ServerCoordinates to the
 * tests (`servers()` in coordinates.ts). A missing or dead server throws with the fix — integration
 * tests are never skipped silently.
 */
import { connect } from 'node:net';
import type { TestProject } from 'vitest/node';
import type { ServerCoordinates } from './coordinates.js';
import { FIX_HINT, readCoordinates } from './state-files.js';

function portAnswers(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function portsOf(c: ServerCoordinates): [string, number][] {
  const jmap = (url: string): number => Number(new URL(url).port);
  return [
    ['Dovecot IMAP', c.dovecot.imapPort],
    ['Dovecot IMAPS', c.dovecot.imapsPort],
    ['Dovecot submission', c.dovecot.submissionPort],
    ['Dovecot submissions', c.dovecot.submissionsPort],
    ['Dovecot LMTP', c.dovecot.lmtpPort],
    ['Cyrus IMAP', c.cyrus.imapPort],
    ['Cyrus IMAPS', c.cyrus.imapsPort],
    ['Cyrus LMTP', c.cyrus.lmtpPort],
    ['Cyrus JMAP http', jmap(c.cyrus.jmapUrl)],
    ['Cyrus JMAP https', jmap(c.cyrus.jmapsUrl)],
    ['Postfix smtp', c.postfix.smtpPort],
    ['Postfix submission', c.postfix.submissionPort],
    ['Postfix smtps', c.postfix.smtpsPort],
  ];
}

export default async function setup(project: TestProject): Promise<void> {
  const coords = readCoordinates();
  const checks = await Promise.all(
    portsOf(coords).map(async ([name, port]) => ({
      name,
      port,
      ok: await portAnswers(coords.host, port),
    })),
  );
  const dead = checks.filter((c) => !c.ok);
  if (dead.length > 0) {
    const list = dead.map((c) => `${c.name} (${coords.host}:${c.port})`).join(', ');
    throw new Error(`test servers not answering: ${list}; ${FIX_HINT}`);
  }
  project.provide('servers', coords);
}
