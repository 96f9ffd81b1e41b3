/**
 * FETCH / UID FETCH (RFC 9051 §6.4.5) with BODY.PEEK[section]<partial>, BINARY.PEEK
 * (RFC 3516), PREVIEW (RFC 8970), OBJECTID (RFC 8474), Gmail items, and the CHANGEDSINCE /
 * VANISHED modifiers (RFC 7162 §3.1.4.1, §3.2.6). Each FETCH response is yielded as an event
 * as soon as it is decoded, so the driver can hand it to an iterator without buffering all.
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapSession } from '../session.js';
import type { CommandValue, UntaggedResponse } from '../wire/types.js';
import { atom, list, number, sequenceSet, token } from './args.js';
import { execute, type ImapCoroutine, type ImapRequest } from './run.js';

export interface SectionRequest {
  /** Section spec between the brackets: '', '1.2', 'HEADER', 'TEXT', '2.MIME', 'HEADER.FIELDS (FROM TO)'. */
  section?: string;
  /** Default true: do not set \Seen (RFC 9051 §6.4.5 BODY.PEEK). */
  peek?: boolean;
  partial?: { start: number; length: number };
}

export interface FetchItems {
  uid?: boolean;
  flags?: boolean;
  envelope?: boolean;
  /**
   * BODYSTRUCTURE: `true` decodes it into `bodyStructure` (the full tree); 'hasAttachment'
   * keeps only `bodyStructureHasAttachment`, for listings that need nothing else (the tree is
   * not retained; see wire/decoder/body-attachment.ts). 'hasAttachment'
   * applies to FETCH commands; elsewhere (NOTIFY fetch-att) the tree is decoded.
   */
  bodyStructure?: boolean | 'hasAttachment';
  internalDate?: boolean;
  size?: boolean;
  modseq?: boolean;
  /** RFC 8970 PREVIEW; 'lazy' asks for PREVIEW (LAZY). */
  preview?: boolean | 'lazy';
  emailId?: boolean;
  threadId?: boolean;
  saveDate?: boolean;
  /** X-GM-LABELS, X-GM-MSGID, X-GM-THRID (X-GM-EXT-1). */
  gmail?: boolean;
  /** Gmail X-GM-THRID alone (the thread id of a listing). */
  gmailThread?: boolean;
  /** Header fields only: BODY.PEEK[HEADER.FIELDS (...)], or the whole header with `true`. */
  headers?: true | readonly string[];
  /** The whole message: BODY.PEEK[]. */
  source?: boolean;
  bodies?: readonly SectionRequest[];
  binary?: readonly SectionRequest[];
  binarySize?: readonly string[];
}

export interface FetchOptions {
  uid?: boolean;
  /** RFC 7162 CHANGEDSINCE modseq. */
  changedSince?: bigint;
  /** RFC 7162 VANISHED (UID FETCH with CHANGEDSINCE only, QRESYNC enabled). */
  vanished?: boolean;
}

const SECTION =
  /^(?:[1-9]\d*(?:\.[1-9]\d*)*)?(?:\.?(?:HEADER|TEXT|MIME|HEADER\.FIELDS(?:\.NOT)? \([!-9;-~]+(?: [!-9;-~]+)*\)))?$/i;

export function checkSection(section: string): void {
  if (!SECTION.test(section) || section.startsWith('.'))
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      `invalid FETCH section ${JSON.stringify(section.slice(0, 60))}`,
    );
}

function sectionToken(kind: 'BODY' | 'BINARY', request: SectionRequest): CommandValue {
  const section = request.section ?? '';
  checkSection(section);
  const peek = request.peek === false ? '' : '.PEEK';
  const p = request.partial;
  if (
    p !== undefined &&
    (!Number.isSafeInteger(p.start) ||
      p.start < 0 ||
      !Number.isSafeInteger(p.length) ||
      p.length < 1)
  )
    throw new MailError('ERR_INVALID_ARGUMENT', 'invalid FETCH partial range');
  const partial = p === undefined ? '' : `<${p.start}.${p.length}>`;
  return token(`${kind}${peek}[${section}]${partial}`);
}

export function fetchItemValues(items: FetchItems): CommandValue[] {
  const out: CommandValue[] = [];
  const add = (on: boolean | undefined, name: string): void => {
    if (on === true) out.push(atom(name));
  };
  add(items.uid, 'UID');
  add(items.flags, 'FLAGS');
  add(items.internalDate, 'INTERNALDATE');
  add(items.size, 'RFC822.SIZE');
  add(items.envelope, 'ENVELOPE');
  add(items.bodyStructure !== undefined && items.bodyStructure !== false, 'BODYSTRUCTURE');
  add(items.modseq, 'MODSEQ');
  add(items.emailId, 'EMAILID');
  add(items.threadId, 'THREADID');
  add(items.saveDate, 'SAVEDATE');
  if (items.preview === 'lazy') out.push(atom('PREVIEW'), list([atom('LAZY')]));
  else add(items.preview, 'PREVIEW');
  if (items.gmail === true) out.push(atom('X-GM-LABELS'), atom('X-GM-MSGID'), atom('X-GM-THRID'));
  else if (items.gmailThread === true) out.push(atom('X-GM-THRID'));
  if (items.headers === true) out.push(sectionToken('BODY', { section: 'HEADER' }));
  else if (items.headers !== undefined && items.headers.length > 0)
    out.push(sectionToken('BODY', { section: `HEADER.FIELDS (${items.headers.join(' ')})` }));
  if (items.source === true) out.push(sectionToken('BODY', {}));
  for (const b of items.bodies ?? []) out.push(sectionToken('BODY', b));
  for (const b of items.binary ?? []) out.push(sectionToken('BINARY', b));
  for (const s of items.binarySize ?? []) {
    checkSection(s);
    out.push(token(`BINARY.SIZE[${s}]`));
  }
  if (out.length === 0)
    throw new MailError('ERR_INVALID_ARGUMENT', 'FETCH needs at least one item');
  return out;
}

export function* fetch(
  session: ImapSession,
  set: string,
  items: FetchItems,
  options: FetchOptions = {},
): ImapCoroutine<number> {
  let count = 0;
  yield* fetchCommand(session, set, items, options, (r) => {
    if (r.type !== 'fetch') return undefined;
    count += 1;
    return { type: 'event', event: { type: 'fetchResult', response: r } };
  });
  return count;
}

/**
 * The FETCH command itself, its untagged answers handed to `untagged` (which may return a
 * request to yield): `fetch` yields each response as an event, `fetchEach` (fetch-each.ts)
 * hands it to a callback inside the coroutine.
 */
export function* fetchCommand(
  session: ImapSession,
  set: string,
  items: FetchItems,
  options: FetchOptions,
  untagged: (response: UntaggedResponse) => ImapRequest | undefined,
): ImapCoroutine<void> {
  const values = fetchItemValues(items);
  const args: CommandValue[] = [sequenceSet(set), list(values)];
  const modifiers: CommandValue[] = [];
  if (options.changedSince !== undefined)
    modifiers.push(atom('CHANGEDSINCE'), number(options.changedSince));
  if (options.vanished === true) {
    if (options.uid !== true || options.changedSince === undefined)
      throw new MailError(
        'ERR_INVALID_ARGUMENT',
        'VANISHED needs UID FETCH with CHANGEDSINCE (RFC 7162 §3.2.6)',
      );
    modifiers.push(atom('VANISHED'));
  }
  if (modifiers.length > 0) args.push(list(modifiers));
  const uid = options.uid === true;
  // The decode mode lasts exactly this command: the driver always runs a command to its tagged
  // end (cancelling only abandons the result), so `finally` restores it before the next one.
  const summarise = items.bodyStructure === 'hasAttachment';
  if (summarise) session.decodeBodyStructureAs('hasAttachment');
  try {
    yield* execute(session, uid ? 'UID' : 'FETCH', uid ? [atom('FETCH'), ...args] : args, {
      label: uid ? 'UID FETCH' : 'FETCH',
      solicitsFetch: true,
      untagged,
    });
  } finally {
    if (summarise) session.decodeBodyStructureAs('tree');
  }
}
