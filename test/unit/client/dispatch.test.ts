import { describe, expect, it } from 'vitest';
import { EmailClient } from '../../../src/client/email-client.js';
import type {
  Backend,
  Operation,
  SendMethods,
  StorageMethods,
} from '../../../src/shared/backend.js';
import { MailError } from '../../../src/shared/errors.js';
import type { AddMessageOptions, Mailbox, SendResult } from '../../../src/shared/types.js';

type Ops = Partial<StorageMethods & SendMethods>;

interface Fake extends Backend {
  closed: number;
  calls: string[];
}

/** A backend whose listMailboxes answers with its own name, so the test sees who ran. */
function fake(
  name: string,
  kind: string,
  ops: Ops = {},
  supports: (op: Operation) => boolean = () => true,
): Fake {
  const backend: Fake = {
    name,
    kind,
    closed: 0,
    calls: [],
    supports,
    close: () => {
      backend.closed += 1;
      return Promise.resolve();
    },
    listMailboxes: () => {
      backend.calls.push('listMailboxes');
      return Promise.resolve([{ id: name, name, path: [name] }]);
    },
    ...ops,
  };
  return backend;
}

/** A sending-only backend (no storage operations). */
function sender(name: string, kind: string, extra: Ops = {}): Fake {
  const backend = fake(name, kind, {
    sendMessage: (message) =>
      Promise.resolve({
        transport: name,
        envelope: { from: 'a@example.org', to: ['b@example.org'] },
        accepted: ['b@example.org'],
        rejected: [],
        raw: typeof message === 'string' ? new TextEncoder().encode(message) : new Uint8Array(),
      } satisfies SendResult),
    ...extra,
  });
  delete backend.listMailboxes;
  return backend;
}

const hang = (): Promise<never> => new Promise<never>(() => undefined);
const who = async (client: EmailClient, options = {}): Promise<string | undefined> =>
  (await client.listMailboxes(options))[0]?.id;

async function mailError(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe('EmailClient dispatch', () => {
  it('storage priority is maildir → m2dir → jmap → imap, whatever the registration order', async () => {
    const order = ['maildir', 'm2dir', 'jmap', 'imap'];
    for (let skip = 0; skip < order.length; skip++) {
      const client = new EmailClient();
      for (const kind of [...order].reverse().filter((k) => order.indexOf(k) >= skip))
        client.register(fake(kind, kind));
      expect(await who(client)).toBe(order[skip]);
    }
  });

  it('send priority is jmap → smtp', async () => {
    const client = new EmailClient()
      .register(sender('smtp', 'smtp'))
      .register(sender('jmap', 'jmap'));
    expect((await client.sendMessage('hi')).transport).toBe('jmap');
    const smtpOnly = new EmailClient().register(sender('smtp', 'smtp'));
    expect((await smtpOnly.sendMessage('hi')).transport).toBe('smtp');
  });

  it('a custom priority overrides the kind default; unknown kinds go last', async () => {
    const client = new EmailClient()
      .register(fake('maildir', 'maildir'))
      .register(fake('custom', 'custom'))
      .register(fake('imap', 'imap'), { priority: 1 });
    expect(await who(client)).toBe('imap');
    const c2 = new EmailClient().register(fake('custom', 'custom')).register(fake('imap', 'imap'));
    expect(await who(c2)).toBe('imap');
  });

  const views = { account: 'me' };

  it('skips a view whose supports() is false (sync or async)', async () => {
    const client = new EmailClient()
      .register(
        fake('maildir', 'maildir', {}, () => false),
        views,
      )
      .register({ ...fake('m2dir', 'm2dir'), supports: () => Promise.resolve(false) }, views)
      .register(fake('imap', 'imap'), views);
    expect(await who(client)).toBe('imap');
  });

  it('skips a view that throws ERR_UNSUPPORTED, but not one that throws anything else', async () => {
    const unsupported = fake('maildir', 'maildir', {
      listMailboxes: () => Promise.reject(new MailError('ERR_UNSUPPORTED', 'no')),
    });
    const client = new EmailClient()
      .register(unsupported, views)
      .register(fake('imap', 'imap'), views);
    expect(await who(client)).toBe('imap');

    const broken = fake('maildir', 'maildir', {
      listMailboxes: () => Promise.reject(new MailError('ERR_IO', 'disk')),
    });
    const imap = fake('imap', 'imap');
    const c2 = new EmailClient().register(broken).register(imap);
    expect((await mailError(c2.listMailboxes())).code).toBe('ERR_IO');
    expect(imap.calls).toEqual([]);
  });

  it('never answers from another store: work cannot search, so home is not asked', async () => {
    // docs/email-client.md used to recommend exactly this: two accounts in one client.
    const search = (name: string, ok: boolean) => ({
      searchEnvelopes: () =>
        ok
          ? Promise.resolve({ envelopes: [], page: 1, pageSize: 50, total: 0, from: name })
          : Promise.reject(new MailError('ERR_UNSUPPORTED', 'no such search here')),
    });
    const work = fake('work', 'imap', search('work', false));
    const home = fake('home', 'imap', search('home', true));
    let homeAsked = false;
    const spied = {
      ...home,
      searchEnvelopes: (...a: unknown[]) => (
        (homeAsked = true),
        home.searchEnvelopes!(...(a as [string, string]))
      ),
    };
    const client = new EmailClient().register(work).register(spied as Backend);
    const e = await mailError(client.searchEnvelopes('INBOX', 'has attachment or from bob'));
    expect(e.code).toBe('ERR_UNSUPPORTED');
    expect(e.details).toMatchObject({ store: 'work', notTried: 'home' });
    expect(homeAsked).toBe(false);
    // supports() false on work: the same — another account is never a fallback
    const c2 = new EmailClient()
      .register(fake('work', 'imap', {}, () => false))
      .register(fake('home', 'imap'));
    expect((await mailError(c2.listMailboxes())).code).toBe('ERR_UNSUPPORTED');
    // a pin is the explicit way across
    expect(await who(c2, { backend: 'home' })).toBe('home');
  });

  it('between views, calls naming message ids or a diff state never fall over', async () => {
    const refuse = () => Promise.reject(new MailError('ERR_UNSUPPORTED', 'no'));
    const local = fake('maildir', 'maildir', {
      getMessage: refuse,
      storeFlags: refuse,
      diffEnvelopes: refuse,
    });
    let remoteCalls = 0;
    const count = () => {
      remoteCalls += 1;
      return Promise.resolve(undefined as never);
    };
    const remote = fake('imap', 'imap', {
      getMessage: count,
      storeFlags: count,
      diffEnvelopes: count,
    });
    const client = new EmailClient().register(local, views).register(remote, views);
    expect((await mailError(client.getMessage('INBOX', 'a-maildir-id'))).code).toBe(
      'ERR_UNSUPPORTED',
    );
    expect((await mailError(client.storeFlags('INBOX', ['x'], 'add', ['seen']))).code).toBe(
      'ERR_UNSUPPORTED',
    );
    expect((await mailError(client.diffEnvelopes('INBOX', 'maildir-state'))).code).toBe(
      'ERR_UNSUPPORTED',
    );
    expect(remoteCalls).toBe(0);
    // without a state, a diff names nothing of one store: it may fall over to a view
    await client.diffEnvelopes('INBOX');
    expect(remoteCalls).toBe(1);
  });

  it('ERR_NO_BACKEND when no registered backend has the operation', async () => {
    expect((await mailError(new EmailClient().listMailboxes())).code).toBe('ERR_NO_BACKEND');
    const sendOnly = new EmailClient().register(sender('smtp', 'smtp'));
    expect((await mailError(sendOnly.listMailboxes())).code).toBe('ERR_NO_BACKEND');
    const storeOnly = new EmailClient().register(fake('maildir', 'maildir'));
    expect((await mailError(storeOnly.sendMessage('x'))).code).toBe('ERR_NO_BACKEND');
  });

  it('ERR_UNSUPPORTED when the implementers all cannot', async () => {
    const client = new EmailClient()
      .register(
        fake('jmap', 'jmap', {}, () => false),
        views,
      )
      .register(
        fake('imap', 'imap', {
          listMailboxes: () => Promise.reject(new MailError('ERR_UNSUPPORTED', 'no')),
        }),
        views,
      );
    expect((await mailError(client.listMailboxes())).code).toBe('ERR_UNSUPPORTED');
  });

  it('the backend option pins one backend; an unknown name is ERR_NOT_FOUND', async () => {
    const client = new EmailClient()
      .register(fake('maildir', 'maildir'))
      .register(fake('work', 'imap'));
    expect(await who(client, { backend: 'work' })).toBe('work');
    expect((await mailError(client.listMailboxes({ backend: 'nope' }))).code).toBe('ERR_NOT_FOUND');
    const pinnedUnsupported = new EmailClient()
      .register(fake('maildir', 'maildir'))
      .register(fake('imap', 'imap', {}, () => false));
    expect((await mailError(pinnedUnsupported.listMailboxes({ backend: 'imap' }))).code).toBe(
      'ERR_UNSUPPORTED',
    );
  });

  it('rejects duplicate names', () => {
    const client = new EmailClient().register(fake('imap', 'imap'));
    expect(() => client.register(fake('imap', 'imap'))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(client.backendNames).toEqual(['imap']);
  });

  it('timeoutMs → ERR_TIMEOUT even if the backend hangs', async () => {
    const client = new EmailClient().register(fake('imap', 'imap', { listMailboxes: hang }));
    const started = Date.now();
    expect((await mailError(client.listMailboxes({ timeoutMs: 50 }))).code).toBe('ERR_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('aborting the signal → ERR_ABORTED, before or during the call', async () => {
    let seen: AbortSignal | undefined;
    const client = new EmailClient().register(
      fake('imap', 'imap', {
        listMailboxes: (options) => {
          seen = options?.signal;
          return hang();
        },
      }),
    );
    const controller = new AbortController();
    const call = client.listMailboxes({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await mailError(call)).code).toBe('ERR_ABORTED');
    expect(seen?.aborted).toBe(true); // the backend got a signal it can stop on

    const aborted = new AbortController();
    aborted.abort();
    expect((await mailError(client.listMailboxes({ signal: aborted.signal }))).code).toBe(
      'ERR_ABORTED',
    );
  });

  it('close() closes only the backends that were built, and is safe twice', async () => {
    const used = fake('maildir', 'maildir');
    const unused = fake('imap', 'imap');
    const client = new EmailClient().register(used).register(unused);
    await client.listMailboxes();
    await client.close();
    expect(used.closed).toBe(1);
    expect(unused.closed).toBe(0);
    await client.close();
    expect(unused.closed).toBe(0);
  });

  it('forwards arguments to the chosen backend', async () => {
    const got: unknown[] = [];
    const client = new EmailClient().register(
      fake('imap', 'imap', {
        storeFlags: (mailbox, ids, action, flags) => {
          got.push(mailbox, ids, action, flags);
          return Promise.resolve();
        },
      }),
    );
    await client.storeFlags('INBOX', ['1', '2'], 'add', ['seen']);
    expect(got).toEqual(['INBOX', ['1', '2'], 'add', ['seen']]);
  });
});

describe('sendMessage saveToSent', () => {
  const store = (boxes: Mailbox[], added: unknown[], fail = false): Fake =>
    fake('maildir', 'maildir', {
      listMailboxes: () => Promise.resolve(boxes),
      addMessage: (mailbox, raw, options?: AddMessageOptions) => {
        if (fail) return Promise.reject(new MailError('ERR_IO', 'disk full'));
        added.push({ mailbox, raw, flags: options?.flags });
        return Promise.resolve('new-id');
      },
    });

  it('stores a seen copy in the role-sent mailbox', async () => {
    const added: unknown[] = [];
    const boxes: Mailbox[] = [
      { id: 'in', name: 'INBOX', path: ['INBOX'], role: 'inbox' },
      { id: 'sent-id', name: 'Sent', path: ['Sent'], role: 'sent' },
    ];
    const client = new EmailClient().register(store(boxes, added)).register(sender('smtp', 'smtp'));
    const result = await client.sendMessage('Subject: x\r\n\r\nhi\r\n', { saveToSent: true });
    expect(result.sentCopy).toEqual({ mailbox: 'sent-id', id: 'new-id' });
    expect(added).toEqual([
      {
        mailbox: 'sent-id',
        raw: new TextEncoder().encode('Subject: x\r\n\r\nhi\r\n'),
        flags: ['seen'],
      },
    ]);
    expect(result.warnings).toBeUndefined();
  });

  it('warns instead of throwing when there is no Sent mailbox or storing fails', async () => {
    const added: unknown[] = [];
    const inboxOnly: Mailbox[] = [{ id: 'in', name: 'INBOX', path: ['INBOX'], role: 'inbox' }];
    const c1 = new EmailClient().register(store(inboxOnly, added)).register(sender('smtp', 'smtp'));
    const r1 = await c1.sendMessage('x', { saveToSent: true });
    expect(r1.accepted).toEqual(['b@example.org']);
    expect(r1.sentCopy).toBeUndefined();
    expect(r1.warnings?.join()).toMatch(/Sent mailbox/);
    expect(added).toEqual([]);

    const sent: Mailbox[] = [{ id: 's', name: 'Sent', path: ['Sent'], role: 'sent' }];
    const c2 = new EmailClient()
      .register(store(sent, added, true))
      .register(sender('smtp', 'smtp'));
    const r2 = await c2.sendMessage('x', { saveToSent: true });
    expect(r2.warnings?.join()).toMatch(/disk full/);

    const c3 = new EmailClient().register(sender('smtp', 'smtp'));
    const r3 = await c3.sendMessage('x', { saveToSent: true });
    expect(r3.warnings).toHaveLength(1);
  });

  it('does not save a copy unless asked, nor when the transport already did', async () => {
    const added: unknown[] = [];
    const sent: Mailbox[] = [{ id: 's', name: 'Sent', path: ['Sent'], role: 'sent' }];
    const client = new EmailClient().register(store(sent, added)).register(sender('smtp', 'smtp'));
    await client.sendMessage('x');
    const saving = sender('jmap', 'jmap', {
      sendMessage: () =>
        Promise.resolve({
          transport: 'jmap',
          envelope: { from: 'a@x', to: [] },
          accepted: [],
          rejected: [],
          raw: new Uint8Array(),
          sentCopy: { mailbox: 'j-sent', id: 'j1' },
        }),
    });
    const c2 = new EmailClient().register(store(sent, added)).register(saving);
    expect((await c2.sendMessage('x', { saveToSent: true })).sentCopy?.mailbox).toBe('j-sent');
    expect(added).toEqual([]);
  });
});
