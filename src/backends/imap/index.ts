/**
 * mailroom/imap — the Imap backend's public face. (Stub: every operation is reported
 * unsupported until the backend lands.)
 */
import type { Backend, Operation } from '../../shared/backend.js';
import { parseConfig, imapConfigSchema, type ImapConfig } from '../../shared/config.js';

export type { ImapConfig } from '../../shared/config.js';

export interface ImapBackendOptions {
  /** Name within a client; default 'imap'. */
  name?: string;
}

export class ImapBackend implements Backend {
  readonly kind = 'imap';
  readonly name: string;
  readonly config: ImapConfig;

  constructor(config: ImapConfig, options: ImapBackendOptions = {}) {
    this.config = parseConfig(imapConfigSchema, config, 'imap');
    this.name = options.name ?? 'imap';
  }

  supports(_operation: Operation): boolean {
    return false;
  }

  async close(): Promise<void> {
    // nothing held yet
  }
}
