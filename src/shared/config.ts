/**
 * Public configuration types of every backend, with the zod schemas (internal) that validate
 * them. Errors name the key that is wrong and what was expected (`ERR_CONFIG`).
 *
 * zod is loaded on first use (`configSchemas()`), not with this module: its load (~110 ms) is
 * more than a CLI listing of a Maildir or an IMAP sync with nothing to do takes, and those
 * configs are checked without it (shared/config-check/, kept equal to these schemas by
 * test/unit/maildir/config-check.test.ts and test/unit/imap/config-check.test.ts).
 */
import { createRequire } from 'node:module';
import type * as ZodModuleNs from 'zod';
import type { z as Zod } from 'zod';
import { MailError } from './errors.js';

type ZodModule = typeof ZodModuleNs;

function build({ z }: ZodModule) {
  /** What node:tls accepts as `ca`: PEM text or its bytes (what readFileSync returns), or a list. */
  const CA_EXPECTED = 'a PEM string or Buffer, or an array of them';
  const pem = z.union([z.string(), z.instanceof(Uint8Array)], { error: CA_EXPECTED });

  const tlsSchema = z
    .object({
      /** PEM CA certificate(s) to trust in addition to (or instead of) the system store. */
      ca: z.union([pem, z.array(pem)], { error: CA_EXPECTED }).optional(),
      /** SNI / certificate name to check; defaults to the host. */
      servername: z.string().optional(),
      /** Default true. Turning it off is logged nowhere and should only be done for tests. */
      rejectUnauthorized: z.boolean().optional(),
    })
    .strict();

  const timeoutsSchema = z
    .object({
      connectMs: z.number().int().positive().optional(),
      greetingMs: z.number().int().positive().optional(),
      commandMs: z.number().int().positive().optional(),
      idleMs: z.number().int().positive().optional(),
    })
    .strict();

  const passwordAuth = z
    .object({
      user: z.string().min(1, 'auth.user must not be empty'),
      password: z.string().optional(),
      /** OAuth2 access token (XOAUTH2 / OAUTHBEARER). */
      accessToken: z.string().optional(),
      /** SASL mechanism to use; the strongest offered is chosen when absent. */
      mechanism: z.string().optional(),
    })
    .strict()
    .refine((a) => a.password !== undefined || a.accessToken !== undefined, {
      message: 'auth needs either password or accessToken',
    });

  const localRoot = z.string().min(1, 'root must be a directory path');

  const maildirConfigSchema = z
    .object({
      root: localRoot,
      /** 'maildir++' (Dovecot default: INBOX = root, `.Sent`, `.Foo.Bar`), 'fs' (nested dirs). */
      layout: z.enum(['auto', 'maildir++', 'fs']).optional(),
      /** Create the root (as an empty Maildir) if it does not exist. Default false. */
      create: z.boolean().optional(),
      /** Keep a header cache per folder, outside the Maildir, for fast listings. Default true. */
      headerCache: z.boolean().optional(),
      /** Directory of the header cache. Default `$XDG_CACHE_HOME/mailroom/maildir` (~/.cache/…). */
      cacheDir: z.string().min(1, 'cacheDir must be a directory path').optional(),
    })
    .strict();

  const m2dirConfigSchema = z
    .object({
      root: localRoot,
      /** Create the m2store (root + .m2store marker) if absent. Default false. */
      create: z.boolean().optional(),
    })
    .strict();

  const serverFields = {
    /** `imap://host[:port]` (STARTTLS), `imaps://host[:port]` (implicit TLS), `smtp://`, `smtps://`. */
    url: z.string().optional(),
    host: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    /** Implicit TLS. */
    secure: z.boolean().optional(),
    /** 'required' (default): refuse servers without STARTTLS. 'never': cleartext, explicitly. */
    starttls: z.enum(['required', 'never']).optional(),
    tls: tlsSchema.optional(),
    timeouts: timeoutsSchema.optional(),
  };

  const needsHost = (c: { url?: string | undefined; host?: string | undefined }): boolean =>
    c.url !== undefined || c.host !== undefined;

  const imapConfigSchema = z
    .object({
      ...serverFields,
      auth: passwordAuth.optional(),
      /** COMPRESS=DEFLATE when offered. Default false (on loopback it costs more than it saves). */
      compress: z.boolean().optional(),
      /** Extra connections so a long FETCH does not block other calls. Default 1. */
      poolSize: z.number().int().min(1).max(16).optional(),
      /** Force a diff strategy (tests, broken servers). Default 'auto'. */
      diff: z.enum(['auto', 'qresync', 'condstore', 'plain']).optional(),
      /** RFC 2971 ID sent after connecting. */
      id: z.record(z.string(), z.string()).optional(),
    })
    .strict()
    .refine(needsHost, { message: 'imap config needs url or host' });

  const jmapConfigSchema = z
    .object({
      /** `https://host` (discovered via /.well-known/jmap) or the session URL itself. */
      url: z.string().min(1),
      auth: z.union(
        [
          z.object({ user: z.string().min(1), password: z.string() }).strict(),
          z.object({ bearer: z.string().min(1) }).strict(),
        ],
        { error: 'expected { user, password } or { bearer }' },
      ),
      tls: tlsSchema.optional(),
      timeouts: timeoutsSchema.optional(),
      /** Account to use; the primary mail account when absent. */
      accountId: z.string().optional(),
    })
    .strict();

  const smtpConfigSchema = z
    .object({
      ...serverFields,
      auth: passwordAuth.optional(),
      /** Keep connections open and reuse them. */
      pool: z.boolean().optional(),
      /** MAIL FROM to use instead of the one derived from the message. */
      reversePath: z.string().optional(),
      /** EHLO name. */
      clientName: z.string().optional(),
    })
    .strict()
    .refine(needsHost, { message: 'smtp config needs url or host' });

  return {
    maildir: maildirConfigSchema,
    m2dir: m2dirConfigSchema,
    imap: imapConfigSchema,
    jmap: jmapConfigSchema,
    smtp: smtpConfigSchema,
    tls: tlsSchema,
  };
}

type Schemas = ReturnType<typeof build>;
let schemas: Schemas | undefined;

/** The zod schemas of every config (zod loaded on the first call; CommonJS build, sync). */
export function configSchemas(): Schemas {
  schemas ??= build(createRequire(import.meta.url)('zod') as ZodModule);
  return schemas;
}

export type MaildirConfig = Zod.infer<Schemas['maildir']>;
export type M2dirConfig = Zod.infer<Schemas['m2dir']>;
export type ImapConfig = Zod.infer<Schemas['imap']>;
export type JmapConfig = Zod.infer<Schemas['jmap']>;
export type SmtpConfig = Zod.infer<Schemas['smtp']>;
export type TlsOptions = Zod.infer<Schemas['tls']>;

/** Validate a config; throws ERR_CONFIG naming each wrong key. */
export function parseConfig<K extends Exclude<keyof Schemas, 'tls'>>(
  kind: K,
  value: unknown,
): Zod.infer<Schemas[K]> {
  const what = kind;
  const result = configSchemas()[kind].safeParse(value);
  if (result.success) return result.data as Zod.infer<Schemas[K]>;
  throw new MailError('ERR_CONFIG', `invalid ${what} config: ${describeIssues(result.error)}`, {
    details: {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
    hint: `check the ${what} configuration keys named above`,
  });
}

export function describeIssues(error: Zod.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
