/**
 * List the demo Maildir shipped in the package (examples/demo-maildir): every mailbox, then the
 * first page of INBOX, newest first.  Run: npx tsx examples/installed/list-maildir.ts (after
 * `npm run build`; run against the installed package by test/integration/installed-package.test.ts)
 */
import { fileURLToPath } from 'node:url';
import { EmailClient } from 'mailroom';

const root = fileURLToPath(
  new URL('examples/demo-maildir/', import.meta.resolve('mailroom/package.json')),
);
const client = new EmailClient().withMaildir({ root });

try {
  for (const box of await client.listMailboxes({ counts: true })) {
    console.log(`${box.id}  role=${box.role ?? '-'}  total=${box.total} unread=${box.unread}`);
  }
  const page = await client.listEnvelopes('INBOX', { page: 1, pageSize: 20 });
  for (const e of page.envelopes) {
    const from = e.from[0]?.name ?? e.from[0]?.email ?? '?';
    const day = e.date?.toISOString().slice(0, 10) ?? '----------';
    console.log(`${e.id}  ${day}  [${e.flags.join(',')}]  ${from}: ${e.subject}`);
  }
} finally {
  await client.close();
}
