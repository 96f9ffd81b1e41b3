/**
 * Print changes to a Maildir INBOX until Ctrl-C (or 60 s). Deliver a file into <root>/new or
 * rename one in <root>/cur to see events.  Run: npx tsx examples/installed/watch.ts /path/to/Maildir
 */
import { EmailClient, watchEventToJSON } from 'mailroom';

const root = process.argv[2] ?? `${process.env.HOME ?? '~'}/Maildir`;
const client = new EmailClient().withMaildir({ root });
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const timer = setTimeout(() => stop.abort(), 60_000);

try {
  for await (const event of client.watchMailbox('INBOX', { signal: stop.signal })) {
    switch (event.type) {
      case 'added':
        console.log(`+ ${event.envelope.id}  ${event.envelope.subject}`);
        break;
      case 'removed':
        console.log(`- ${event.id}`);
        break;
      case 'flags-changed':
        console.log(`~ ${event.id}  [${event.flags.join(',')}]`);
        break;
      case 'reset':
        console.log('! reset: relist the mailbox');
    }
    console.log(JSON.stringify(watchEventToJSON(event)));
  }
} catch (error) {
  if (!stop.signal.aborted) throw error; // aborting ends the watch with ERR_ABORTED
} finally {
  clearTimeout(timer);
  await client.close();
}
