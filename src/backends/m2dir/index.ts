/**
 * mailroom/m2dir — the M2dir backend's public face. (Stub: every operation is reported
 * unsupported until the backend lands.)
 */
import type { Backend, Operation } from '../../shared/backend.js';
import { parseConfig, m2dirConfigSchema, type M2dirConfig } from '../../shared/config.js';

export type { M2dirConfig } from '../../shared/config.js';

export interface M2dirBackendOptions {
  /** Name within a client; default 'm2dir'. */
  name?: string;
}

export class M2dirBackend implements Backend {
  readonly kind = 'm2dir';
  readonly name: string;
  readonly config: M2dirConfig;

  constructor(config: M2dirConfig, options: M2dirBackendOptions = {}) {
    this.config = parseConfig(m2dirConfigSchema, config, 'm2dir');
    this.name = options.name ?? 'm2dir';
  }

  supports(_operation: Operation): boolean {
    return false;
  }

  async close(): Promise<void> {
    // nothing held yet
  }
}
