/**
 * mailroom/jmap — the Jmap backend's public face. (Stub: every operation is reported
 * unsupported until the backend lands.)
 */
import type { Backend, Operation } from '../../shared/backend.js';
import { parseConfig, jmapConfigSchema, type JmapConfig } from '../../shared/config.js';

export type { JmapConfig } from '../../shared/config.js';

export interface JmapBackendOptions {
  /** Name within a client; default 'jmap'. */
  name?: string;
}

export class JmapBackend implements Backend {
  readonly kind = 'jmap';
  readonly name: string;
  readonly config: JmapConfig;

  constructor(config: JmapConfig, options: JmapBackendOptions = {}) {
    this.config = parseConfig(jmapConfigSchema, config, 'jmap');
    this.name = options.name ?? 'jmap';
  }

  supports(_operation: Operation): boolean {
    return false;
  }

  async close(): Promise<void> {
    // nothing held yet
  }
}
