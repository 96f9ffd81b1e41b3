/**
 * Search the demo Maildir with the DSL (docs/search.md), and show the parsed AST and how a
 * query error reports its column.  Run: npx tsx examples/search.ts ['query']
 */
import { fileURLToPath } from 'node:url';
import { EmailClient, isMailError } from '../src/index.js';
import { formatSearchQuery, parseSearchQuery } from '../src/shared/search/index.js';

const root = fileURLToPath(new URL('./demo-maildir', import.meta.url));
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
