import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMaildirConfig } from '../../../src/shared/config-check/maildir.js';
import { configSchemas } from '../../../src/shared/config.js';

const maildirConfigSchema = configSchemas().maildir;
import { MailError } from '../../../src/shared/errors.js';

const accepts = (value: unknown): boolean => {
  try {
    checkMaildirConfig(value);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    expect((e as MailError).code).toBe('ERR_CONFIG');
    return false;
  }
};

describe('checkMaildirConfig', () => {
  it('agrees with the zod schema on generated configs', () => {
    const anyValue = fc.oneof(
      fc.string(),
      fc.boolean(),
      fc.integer(),
      fc.constant(undefined),
      fc.constant(null),
    );
    const config = fc.record(
      {
        root: fc.oneof(fc.string(), anyValue),
        layout: fc.oneof(fc.constantFrom('auto', 'maildir++', 'fs', 'mbox'), anyValue),
        create: anyValue,
        headerCache: anyValue,
        extra: anyValue,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(config, anyValue), (value) => {
        const zodOk = maildirConfigSchema.safeParse(value).success;
        expect(accepts(value)).toBe(zodOk);
        if (zodOk) expect(checkMaildirConfig(value)).toEqual(maildirConfigSchema.parse(value));
      }),
      { numRuns: 500 },
    );
  });
});
