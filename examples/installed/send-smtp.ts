/**
 * Compose and send a message through SMTP, then store the sent copy in the Maildir's Sent
 * mailbox (saveToSent). Env: SMTP_URL, SMTP_USER, SMTP_PASSWORD, FROM, TO, MAILDIR.
 */
import { EmailClient } from 'mailroom';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};

const client = new EmailClient()
  .withSmtp({
    url: env('SMTP_URL'),
    auth: { user: env('SMTP_USER'), password: env('SMTP_PASSWORD') },
  })
  .withMaildir({ root: env('MAILDIR') });

try {
  const result = await client.sendMessage(
    {
      from: { name: 'Example Sender', email: env('FROM') },
      to: [env('TO')],
      subject: 'Hello from mailroom',
      text: 'Plain-text body.\n',
      attachments: [
        { filename: 'note.txt', content: 'attached text\n', contentType: 'text/plain' },
      ],
    },
    { saveToSent: true, timeoutMs: 60_000 },
  );
  console.log(`sent via ${result.transport}: accepted=${result.accepted.join(', ')}`);
  if (result.sentCopy) console.log(`sent copy: ${result.sentCopy.mailbox}/${result.sentCopy.id}`);
  for (const warning of result.warnings ?? []) console.warn(`warning: ${warning}`);
} finally {
  await client.close();
}
