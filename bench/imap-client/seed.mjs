// Seeds the bench mailbox once (MULTIAPPEND batches of 250 through our own IMAP client); shared
// by the imap-client and imap-backend suites so both measure the same 10k messages of the
// realistic corpus (bench/corpus/realistic.mjs; the mailbox name carries the corpus id).
import { readFileSync } from 'node:fs';
import { realisticCorpus } from '../corpus/realistic.mjs';

/**
 * `env.seed` (default 42) picks the corpus: mailboxes seeded with different seeds share no
 * Message-ID. Returns true when it (re)seeded, false when the mailbox already held `env.count` messages. */
export async function seedBenchMailbox(ImapClient, env) {
  const client = await ImapClient.connect({
    host: env.host,
    port: env.port,
    starttls: 'never',
    auth: { user: env.user, password: env.password, mechanism: 'PLAIN' },
  });
  const exists = await client.status(env.mailbox, ['MESSAGES']).catch(() => undefined);
  if (exists?.messages === env.count) {
    await client.logout();
    return false;
  }
  if (exists !== undefined) await client.delete(env.mailbox);
  await client.create(env.mailbox);
  let batch = [];
  let bytes = 0;
  for (const m of realisticCorpus(env.count, env.seed ?? 42)) {
    batch.push(m);
    bytes += m.message.length;
    if (batch.length === 250) {
      await client.append(env.mailbox, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await client.append(env.mailbox, batch);
  await client.logout();
  console.log(
    `seeded ${env.count} messages (${(bytes / 1048576).toFixed(1)} MiB) into ${env.user}/${env.mailbox}`,
  );
  return true;
}

/**
 * Peak RSS of this process in MB. VmHWM (per address space) rather than getrusage's maxRSS:
 * Linux carries ru_maxrss across fork+exec, so a child spawned by a big parent would report the
 * parent's footprint as its own.
 */
export function peakRssMB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS / 1024;
}
