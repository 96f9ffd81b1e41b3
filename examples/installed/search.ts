/**
 * Search the demo Maildir with the DSL (docs/search.md), and show the parsed AST and how a
 * query error reports its column.  Run: npx tsx examples/installed/search.ts ['query'] (after
 * `npm run build`; run against the installed package by test/integration/installed-package.test.ts)
 */
import { fileURLToPath } from 'node:url';
import { EmailClient, isMailError } from 'mailroom';
import { formatSearchQuery, parseSearchQuery } from 'mailroom/search';

const root = fileURLToPath(
  new URL('examples/demo-maildir/', import.meta.resolve('mailroom/package.json')),
);
const query = process.argv[2] ?? 'not flag seen or flag flagged order by date desc';
const client = new EmailClient().withMaildir({ root });

try {
  const ast = parseSearchQuery(query);
  console.log('canonical:', formatSearchQuery(ast));
  const page = await client.searchEnvelopes('INBOX', query, { pageSize: 10 });
  for (const e of page.envelopes) console.log(`${e.id}  [${e.flags.join(',')}]  ${e.subject}`);
} catch (error) {
  if (!isMailError(error, 'ERR_PARSE')) throw error;
  console.error(`${error.message} (column ${String(error.details.column)})`);
  if (error.hint !== undefined) console.error(`hint: ${error.hint}`);
  process.exitCode = 2;
} finally {
  await client.close();
}
