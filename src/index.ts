/**
 * mailroom — the public face: the client, the shared model and the error type.
 * Backends live at their own subpaths (mailroom/imap, mailroom/jmap, mailroom/maildir,
 * mailroom/m2dir, mailroom/smtp); the search DSL at mailroom/search.
 */
export { EmailClient } from './client/email-client.js';
export type { WithOptions } from './client/email-client.js';
export type { RegisterOptions } from './client/registration.js';
export { MailError, isMailError, ERROR_CODES } from './shared/errors.js';
export type { ErrorCode, MailErrorOptions } from './shared/errors.js';
export type {
  Backend,
  BackendKind,
  MailboxPath,
  Operation,
  StorageOperation,
  StorageMethods,
  SendMethods,
} from './shared/backend.js';
export { OPERATIONS, STORAGE_OPERATIONS } from './shared/backend.js';
export type * from './shared/types.js';
export { MAILBOX_ROLES } from './shared/types.js';
export {
  normalizeFlag,
  normalizeFlags,
  applyFlagChange,
  KNOWN_FLAGS,
  flagToImap,
  flagFromImap,
  flagToJmap,
  flagFromJmap,
  flagToMaildirLetter,
  flagFromMaildirLetter,
} from './shared/flags.js';
export type { KnownFlag } from './shared/flags.js';
export type {
  MaildirConfig,
  M2dirConfig,
  ImapConfig,
  JmapConfig,
  SmtpConfig,
  TlsOptions,
} from './shared/config.js';
export type {
  Coroutine,
  CommonRequest,
  DirEntry,
  FileStat,
  FsRequest,
  HttpRequest,
  HttpResponse,
  StreamRequest,
} from './shared/coroutine.js';
export { drive, driveSync } from './shared/coroutine.js';
export {
  addressToJSON,
  addressFromJSON,
  mailboxToJSON,
  mailboxFromJSON,
  envelopeToJSON,
  envelopeFromJSON,
  envelopePageToJSON,
  envelopePageFromJSON,
  mailboxDiffToJSON,
  mailboxDiffFromJSON,
  envelopeDiffToJSON,
  envelopeDiffFromJSON,
  watchEventToJSON,
  watchEventFromJSON,
  sendResultToJSON,
  sendResultFromJSON,
} from './shared/json.js';
export type {
  AddressJSON,
  MailboxJSON,
  EnvelopeJSON,
  EnvelopePageJSON,
  MailboxDiffJSON,
  EnvelopeDiffJSON,
  WatchEventJSON,
  SendResultJSON,
} from './shared/json.js';
// Reading (docs/reading.md): replies and forwards, and the bytes-to-Message reader.
export { composeReply, composeForward, prefixedSubject } from './shared/reading/compose-reply.js';
export type { ReplyOptions, ForwardOptions } from './shared/reading/compose-reply.js';
export { readMessageFromBytes } from './shared/reading/from-bytes.js';
export { groupThreads, threadIdFor } from './shared/reading/threads.js';
