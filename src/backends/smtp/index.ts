/**
 * mailroom/smtp — the Smtp backend's public face. (Stub: every operation is reported
 * unsupported until the backend lands.)
 */
import type { Backend, Operation } from '../../shared/backend.js';
import { parseConfig, smtpConfigSchema, type SmtpConfig } from '../../shared/config.js';

export type { SmtpConfig } from '../../shared/config.js';

export interface SmtpBackendOptions {
  /** Name within a client; default 'smtp'. */
  name?: string;
}

export class SmtpBackend implements Backend {
  readonly kind = 'smtp';
  readonly name: string;
  readonly config: SmtpConfig;

  constructor(config: SmtpConfig, options: SmtpBackendOptions = {}) {
    this.config = parseConfig(smtpConfigSchema, config, 'smtp');
    this.name = options.name ?? 'smtp';
  }

  supports(_operation: Operation): boolean {
    return false;
  }

  async close(): Promise<void> {
    // nothing held yet
  }
}
