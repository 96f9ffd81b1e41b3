/**
 * Where the real test servers listen. `npm test` starts them with test/servers/ensure.sh; the
 * vitest global setup (global-setup.ts) reads their KEY=VALUE state files, checks every port and
 * `provide`s this object; tests get it with `servers()`. A missing server is a failure with a
 * fix-it message, never a skip.
 */
import { inject } from 'vitest';

export interface Account {
  user: string;
  password: string;
}

export interface ServerCoordinates {
  host: string;
  dovecot: {
    imapPort: number;
    imapsPort: number;
    submissionPort: number;
    submissionsPort: number;
    lmtpPort: number;
    users: [Account, Account];
    /** Maildir of users[0] (Maildir++ layout), for interop tests. */
    maildir: string;
    /** PEM file that verifies the server certificate. */
    caFile: string;
    /** Domain whose mail Postfix delivers to Dovecot, e.g. example.test. */
    domain: string;
    /** Restart Dovecot (kills every connection), e.g. for reconnect tests. */
    restartCommand: string;
  };
  cyrus: {
    imapPort: number;
    imapsPort: number;
    lmtpPort: number;
    /** http://127.0.0.1:PORT — JMAP discovery starts at /.well-known/jmap */
    jmapUrl: string;
    jmapsUrl: string;
    users: [Account, Account];
    admin: Account;
    caFile: string;
    domain: string;
  };
  postfix: {
    /** STARTTLS offered, AUTH after TLS */
    smtpPort: number;
    /** STARTTLS + AUTH required */
    submissionPort: number;
    /** implicit TLS */
    smtpsPort: number;
    caFile: string;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: ServerCoordinates;
  }
}

export function servers(): ServerCoordinates {
  return inject('servers');
}
