/**
 * Build the EmailClient a CLI invocation works on: one-off flags (--maildir, --imap URL, …)
 * win; else the config file's account; else the embedded default, the demo Maildir shipped
 * with mailroom (so a newcomer sees something on day one).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { EmailClient } from '../client/email-client.js';
import { MailError } from '../shared/errors.js';
import type { AccountConfig, SecretAuth } from './config-file.js';
import { defaultConfigPath } from './config-path.js';
import { resolveSecret } from './secrets.js';

export interface ConnectionFlags {
  config?: string;
  account?: string;
  maildir?: string;
  m2dir?: string;
  imap?: string;
  jmap?: string;
  smtp?: string;
  user?: string;
  passwordEnv?: string;
  passwordCommand?: string;
  ca?: string;
  insecure?: boolean;
}

export interface OpenedClient {
  client: EmailClient;
  /** What the client talks to, for messages ("demo Maildir at …"). */
  description: string;
  embeddedDefault: boolean;
  /** The config file's account name, when the client came from one. */
  accountName?: string;
}

/** What one command needs beyond the flags. */
export interface OpenOptions {
  /**
   * IMAP connections the backend may open (poolSize, docs/imap.md). `mailroom sync` asks for
   * several so that the round trips of many mailboxes overlap.
   */
  imapPoolSize?: number;
}

export const DEMO_MAILDIR = fileURLToPath(new URL('../../examples/demo-maildir', import.meta.url));

const expandHome = (p: string): string =>
  p === '~' || p.startsWith('~/') ? homedir() + p.slice(1) : p;

function userFromUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    // RFC 5092 §3.2: "user;AUTH=mech" — the mechanism is not part of the user name.
    const user = decodeURIComponent(u.username).replace(/;AUTH=.*$/is, '');
    return user === '' ? undefined : user;
  } catch {
    return undefined;
  }
}

/**
 * Strip credentials from a URL before it is passed on (they are resolved separately). An IMAP
 * URL keeps its `;AUTH=mech` (RFC 5092 §3.2), which names the mechanism, not a credential.
 */
function bareUrl(url: string): string {
  try {
    const u = new URL(url);
    const auth = /^imaps?:$/i.test(u.protocol)
      ? /;AUTH=.*$/is.exec(decodeURIComponent(u.username))?.[0]
      : undefined;
    u.username = auth ?? '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    throw new MailError('ERR_CONFIG', `not a URL: ${url}`, {
      hint: 'e.g. imaps://mail.example.org',
    });
  }
}

async function flagAuth(
  flags: ConnectionFlags,
  url: string,
  what: string,
): Promise<{ user: string; password: string }> {
  const user = flags.user ?? userFromUrl(url);
  if (user === undefined)
    throw new MailError('ERR_CONFIG', `${what}: no user`, {
      hint: 'pass --user or put it in the URL',
    });
  const password = await resolveSecret(
    flags.passwordCommand !== undefined
      ? { passwordCommand: flags.passwordCommand }
      : { passwordEnv: flags.passwordEnv ?? 'MAILROOM_PASSWORD' },
    what,
  );
  return { user, password };
}

async function configAuth(
  auth: SecretAuth,
  what: string,
): Promise<{ user: string; password: string; mechanism?: string }> {
  const password = await resolveSecret(auth, what);
  return {
    user: auth.user,
    password,
    ...(auth.mechanism === undefined ? {} : { mechanism: auth.mechanism }),
  };
}

/**
 * One CLI account (a config entry, or the one-off flags) is one mail account: its stores are
 * views of it (a local Maildir/m2dir kept in step with the server), so the client may fall
 * over between them for calls that name no ids (docs/email-client.md "One client, one account").
 */
const VIEWS = { account: 'cli-account' };

async function fromFlags(flags: ConnectionFlags, open: OpenOptions): Promise<EmailClient> {
  const client = new EmailClient();
  const tls = { ...(flags.ca === undefined ? {} : { ca: flags.ca }) };
  const starttls = flags.insecure === true ? { starttls: 'never' as const } : {};
  if (flags.maildir !== undefined) client.withMaildir({ root: expandHome(flags.maildir) }, VIEWS);
  if (flags.m2dir !== undefined) client.withM2dir({ root: expandHome(flags.m2dir) }, VIEWS);
  if (flags.jmap !== undefined)
    client.withJmap(
      {
        url: bareUrl(flags.jmap),
        auth: await flagAuth(flags, flags.jmap, 'jmap'),
        tls,
      },
      VIEWS,
    );
  if (flags.imap !== undefined) {
    client.withImap(
      {
        url: bareUrl(flags.imap),
        auth: await flagAuth(flags, flags.imap, 'imap'),
        tls,
        ...starttls,
        ...(open.imapPoolSize === undefined ? {} : { poolSize: open.imapPoolSize }),
      },
      VIEWS,
    );
  }
  if (flags.smtp !== undefined) {
    client.withSmtp({
      url: bareUrl(flags.smtp),
      auth: await flagAuth(flags, flags.smtp, 'smtp'),
      tls,
      ...starttls,
    });
  }
  return client;
}

async function fromAccount(
  account: AccountConfig,
  name: string,
  open: OpenOptions,
): Promise<EmailClient> {
  const client = new EmailClient();
  if (account.maildir !== undefined)
    client.withMaildir({ ...account.maildir, root: expandHome(account.maildir.root) }, VIEWS);
  if (account.m2dir !== undefined)
    client.withM2dir({ root: expandHome(account.m2dir.root) }, VIEWS);
  if (account.jmap !== undefined) {
    const { url, auth, tls } = account.jmap;
    client.withJmap(
      {
        url,
        auth: await configAuth(auth, `${name}.jmap`),
        ...(tls === undefined ? {} : { tls }),
      },
      VIEWS,
    );
  }
  for (const kind of ['imap', 'smtp'] as const) {
    const server = account[kind];
    if (server === undefined) continue;
    const config = {
      url: server.url,
      ...(server.auth === undefined
        ? {}
        : { auth: await configAuth(server.auth, `${name}.${kind}`) }),
      ...(server.starttls === undefined ? {} : { starttls: server.starttls }),
      ...(server.tls === undefined ? {} : { tls: server.tls }),
    };
    if (kind === 'imap')
      client.withImap(
        open.imapPoolSize === undefined ? config : { ...config, poolSize: open.imapPoolSize },
        VIEWS,
      );
    else client.withSmtp(config);
  }
  return client;
}

export async function openClient(
  flags: ConnectionFlags,
  open: OpenOptions = {},
): Promise<OpenedClient> {
  const oneOff = [flags.maildir, flags.m2dir, flags.imap, flags.jmap, flags.smtp].some(
    (f) => f !== undefined,
  );
  if (oneOff)
    return {
      client: await fromFlags(flags, open),
      description: 'the backends given as flags',
      embeddedDefault: false,
    };
  // The config file's reader (and zod, which validates it) loads only when there is a file.
  const hasFile = flags.config !== undefined || existsSync(defaultConfigPath());
  const configFile = hasFile ? await import('./config-file.js') : undefined;
  const config = await configFile?.loadConfigFile(flags.config);
  if (configFile !== undefined && config !== undefined) {
    const { pickAccount } = configFile;
    const [name, account] = pickAccount(config, flags.account);
    return {
      client: await fromAccount(account, name, open),
      description: `account '${name}'`,
      embeddedDefault: false,
      accountName: name,
    };
  }
  if (flags.account !== undefined) {
    throw new MailError(
      'ERR_CONFIG',
      `--account ${flags.account} given but there is no config file`,
      {
        hint: 'create ~/.config/mailroom/config.json (see docs/cli.md) or pass --config',
      },
    );
  }
  if (!existsSync(DEMO_MAILDIR)) {
    throw new MailError('ERR_CONFIG', 'nothing is configured', {
      hint: 'pass --maildir DIR (or --imap URL, …), or create ~/.config/mailroom/config.json',
    });
  }
  return {
    client: new EmailClient().withMaildir({ root: DEMO_MAILDIR }),
    description: `the demo Maildir at ${DEMO_MAILDIR}`,
    embeddedDefault: true,
  };
}
