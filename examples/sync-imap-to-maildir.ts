/**
 * One-way sync of an IMAP INBOX into a local Maildir: diffEnvelopes on the IMAP side (pinned
 * with `backend: 'imap'`), then getMessage + addMessage (pinned to 'maildir') for each new one.
 * Keep the returned state for the next run.  Env: IMAP_URL, IMAP_USER, IMAP_PASSWORD, MAILDIR.
 */
import { EmailClient } from '../src/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};

const client = new EmailClient()
  .withImap({
    url: env('IMAP_URL'),
    auth: { user: env('IMAP_USER'), password: env('IMAP_PASSWORD') },
  })
  .withMaildir({ root: env('MAILDIR'), create: true });

try {
  const previousState = process.env.SYNC_STATE; // undefined → reset: every message is "added"
  const diff = await client.diffEnvelopes('INBOX', previousState, { backend: 'imap' });
  for (const envelope of diff.added) {
    const raw = await client.getMessage('INBOX', envelope.id, {
      backend: 'imap',
      timeoutMs: 30_000,
    });
    const options = { backend: 'maildir', flags: envelope.flags };
    const localId = await client.addMessage(
      'INBOX',
      raw,
      envelope.receivedAt === undefined ? options : { ...options, receivedAt: envelope.receivedAt },
    );
    console.log(`copied ${envelope.id} -> ${localId}  ${envelope.subject}`);
  }
  console.log(
    `reset=${diff.reset} removed=${diff.removed.length} flagsChanged=${diff.flagsChanged.length}`,
  );
  console.log(`next state: ${diff.state}`);
} finally {
  await client.close();
}
