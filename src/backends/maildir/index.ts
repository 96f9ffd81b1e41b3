/**
 * mailroom/maildir — the Maildir backend's public face. (Stub: every operation is reported
 * unsupported until the backend lands.)
 */
import type { Backend, Operation } from '../../shared/backend.js';
import { parseConfig, maildirConfigSchema, type MaildirConfig } from '../../shared/config.js';

export type { MaildirConfig } from '../../shared/config.js';

export interface MaildirBackendOptions {
  /** Name within a client; default 'maildir'. */
  name?: string;
}

export class MaildirBackend implements Backend {
  readonly kind = 'maildir';
  readonly name: string;
  readonly config: MaildirConfig;

  constructor(config: MaildirConfig, options: MaildirBackendOptions = {}) {
    this.config = parseConfig(maildirConfigSchema, config, 'maildir');
    this.name = options.name ?? 'maildir';
  }

  supports(_operation: Operation): boolean {
    return false;
  }

  async close(): Promise<void> {
    // nothing held yet
  }
}
