/**
 * What a backend hands to the storage scenarios, and the helpers every scenario shares:
 * unique names per run, per-scenario mailboxes cleaned up afterwards, seeding, error checks.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Backend, StorageMethods } from '../../src/shared/backend.js';
import type { ErrorCode } from '../../src/shared/errors.js';
import { MailError } from '../../src/shared/errors.js';
import { normalizeFlags } from '../../src/shared/flags.js';
import type { Envelope, Flag, Mailbox } from '../../src/shared/types.js';
import type { TestMessage } from './messages.js';
import { buildMessages } from './messages.js';

export interface ScenarioQuirks {
  /** The store cannot keep custom keywords (e.g. an IMAP mailbox without `\*` PERMANENTFLAGS). */
  noKeywords?: boolean;
  /** The backend has no watchMailbox. */
  noWatch?: boolean;
  /** diffEnvelopes may answer `reset: true` instead of an incremental diff. */
  diffMayReset?: boolean;
}

export interface ScenarioContext {
  backend: Backend;
  cleanup(): Promise<void>;
  /** Mailbox id of the inbox. */
  inbox?: string;
  /** Features the backend lacks, to relax a check with a reason. */
  quirks?: ScenarioQuirks;
}

/** The state one `runStorageScenarios` call shares between its scenarios. */
export class Scenario {
  readonly runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly messages: TestMessage[] = buildMessages(this.runId);
  private context: ScenarioContext | undefined;
  /** Mailboxes to delete after the current scenario (deepest first). */
  private created: string[] = [];

  async start(setup: () => Promise<ScenarioContext>): Promise<void> {
    this.context = await setup();
  }

  get ctx(): ScenarioContext {
    if (this.context === undefined) throw new Error('scenario setup has not run');
    return this.context;
  }

  get quirks(): ScenarioQuirks {
    return this.ctx.quirks ?? {};
  }

  /** The backend's storage operations; a missing one fails the scenario that needs it. */
  get store(): StorageMethods {
    const backend = this.ctx.backend;
    return new Proxy({} as StorageMethods, {
      get(_target, op: string) {
        const fn = (backend as unknown as Record<string, unknown>)[op];
        if (typeof fn !== 'function') throw new Error(`backend ${backend.name} lacks ${op}`);
        return (fn as (...args: unknown[]) => unknown).bind(backend);
      },
    });
  }

  message(key: string): TestMessage {
    const found = this.messages.find((m) => m.key === key);
    if (found === undefined) throw new Error(`no test message ${key}`);
    return found;
  }

  /** A unique, valid mailbox name for this run. */
  name(purpose: string): string {
    return `mr-${this.runId}-${purpose}`;
  }

  /** Create a mailbox that is deleted after the scenario. */
  async mailbox(purpose: string): Promise<Mailbox> {
    const box = await this.store.createMailbox([this.name(purpose)]);
    this.track(box.id);
    return box;
  }

  track(id: string): void {
    this.created.unshift(id);
  }

  untrack(id: string): void {
    this.created = this.created.filter((c) => c !== id);
  }

  /** Add the given test messages (in this order); returns key → id. */
  async seed(mailbox: string, keys: readonly string[]): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const key of keys) {
      const m = this.message(key);
      ids[key] = await this.store.addMessage(mailbox, m.raw, { flags: m.flags });
    }
    return ids;
  }

  /** Every envelope of a mailbox (one big page). */
  async all(mailbox: string): Promise<Envelope[]> {
    return (await this.store.listEnvelopes(mailbox, { page: 1, pageSize: 1000 })).envelopes;
  }

  /** After each scenario: delete what it created; failures here must not hide the real one. */
  async cleanupScenario(): Promise<void> {
    const ids = this.created;
    this.created = [];
    for (const id of ids) {
      try {
        await this.store.deleteMailbox(id);
      } catch {
        // already gone (the scenario deleted or renamed it)
      }
    }
  }

  async finish(): Promise<void> {
    await this.cleanupScenario();
    await this.context?.cleanup();
  }
}

/** Expect `promise` to reject with a MailError of `code`. */
export async function expectMailError(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(MailError);
  expect((error as MailError).code).toBe(code);
}

/** Compare flag sets as the shared model defines them: normalised, keywords case-insensitive. */
export function flagKey(flags: readonly Flag[]): string[] {
  return normalizeFlags(flags).map((f) => f.toLowerCase());
}

export function byKey(envelopes: readonly Envelope[], scenario: Scenario): Map<string, Envelope> {
  const out = new Map<string, Envelope>();
  for (const e of envelopes) {
    const m = scenario.messages.find((t) => t.subject === e.subject);
    if (m !== undefined) out.set(m.key, e);
  }
  return out;
}

export async function collectBytes(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
