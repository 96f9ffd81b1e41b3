/** The zod-free ImapConfig check (what ImapBackend and ImapClient use) agrees with the schema. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkImapConfig } from '../../../src/shared/config-check/imap.js';
import { configSchemas } from '../../../src/shared/config.js';

const imapConfigSchema = configSchemas().imap;
import { MailError } from '../../../src/shared/errors.js';

const accepts = (value: unknown): boolean => {
  try {
    checkImapConfig(value);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    expect((e as MailError).code).toBe('ERR_CONFIG');
    return false;
  }
};

const anyValue = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.boolean(),
  fc.integer({ min: -2, max: 70000 }),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(1.5),
  fc.constant([]),
);
/** Mostly a valid value, sometimes anything: so most configs are wrong in at most one place. */
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: a, weight: 6 }, { arbitrary: anyValue, weight: 1 });
const positive = maybe(fc.integer({ min: 1, max: 100 }));
const bool = maybe(fc.boolean());
const text = maybe(fc.string({ maxLength: 3 }));
const config = fc.record(
  {
    url: maybe(fc.constantFrom('imap://h', 'imaps://h:993')),
    host: maybe(fc.constant('h')),
    port: maybe(fc.integer({ min: 0, max: 70000 })),
    secure: bool,
    starttls: maybe(fc.constantFrom('required', 'never', 'maybe')),
    tls: maybe(
      fc.record(
        {
          ca: maybe(
            fc.oneof(
              fc.constant('PEM'),
              fc.constant(['a', 'b']),
              fc.constant(['a', 1]),
              fc.constant(Buffer.from('PEM')),
              fc.constant([Buffer.from('a'), 'b']),
              fc.constant(new Uint8Array([1])),
            ),
          ),
          servername: text,
          rejectUnauthorized: bool,
        },
        { requiredKeys: [] },
      ),
    ),
    timeouts: maybe(
      fc.record(
        { connectMs: positive, greetingMs: positive, commandMs: positive, idleMs: positive },
        { requiredKeys: [] },
      ),
    ),
    auth: maybe(
      fc.record(
        {
          user: maybe(fc.constantFrom('', 'sam')),
          password: text,
          accessToken: text,
          mechanism: text,
        },
        { requiredKeys: [] },
      ),
    ),
    compress: bool,
    poolSize: maybe(fc.integer({ min: 0, max: 20 })),
    diff: maybe(fc.constantFrom('auto', 'qresync', 'condstore', 'plain', 'other')),
    id: maybe(fc.dictionary(fc.constantFrom('name', 'version'), text)),
  },
  { requiredKeys: [] },
);

describe('checkImapConfig', () => {
  it('agrees with imapConfigSchema on generated configs', () => {
    fc.assert(
      fc.property(fc.oneof(config, anyValue, fc.constant({ host: 'h', extra: 1 })), (value) => {
        const zodOk = imapConfigSchema.safeParse(value).success;
        expect(accepts(value)).toBe(zodOk);
      }),
      { numRuns: 3000 },
    );
  });
});
