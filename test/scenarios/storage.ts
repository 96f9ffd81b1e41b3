/**
 * The backend-agnostic storage scenario suite (docs/architecture.md, Testing a backend: the same scenarios run against every
 * backend). A backend's test file calls `runStorageScenarios(label, setup)`; `setup` returns a
 * ready backend (connected, with an inbox) and how to clean up. Each scenario creates its own
 * uniquely named mailboxes and deletes them afterwards, so runs do not interfere.
 *
 * Expectations are the same everywhere; a backend that lacks a feature declares it in
 * `quirks`, which relaxes exactly that check.
 */
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { ScenarioContext } from './context.js';
import { Scenario } from './context.js';
import { registerEnvelopeScenarios } from './storage-envelopes.js';
import { registerHeaderTextScenarios } from './storage-header-text.js';
import { registerAttachmentScenarios } from './storage-attachments.js';
import { registerMailboxScenarios } from './storage-mailboxes.js';
import { registerMessageScenarios } from './storage-messages.js';
import { registerSyncScenarios } from './storage-sync.js';
import { registerReadingScenarios } from './storage-reading.js';

export type { ScenarioContext, ScenarioQuirks } from './context.js';

export function runStorageScenarios(label: string, setup: () => Promise<ScenarioContext>): void {
  describe(`storage scenarios: ${label}`, () => {
    const scenario = new Scenario();
    beforeAll(() => scenario.start(setup));
    afterEach(() => scenario.cleanupScenario());
    afterAll(() => scenario.finish());

    registerMailboxScenarios(scenario);
    registerEnvelopeScenarios(scenario);
    registerHeaderTextScenarios(scenario);
    registerAttachmentScenarios(scenario);
    registerMessageScenarios(scenario);
    registerSyncScenarios(scenario);
    registerReadingScenarios(scenario);
  });
}
