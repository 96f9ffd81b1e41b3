/** Layer 1 of the IMAP API: one I/O-free generator per command (docs/architecture.md, The request/reply protocol). */
export { capability, noop, logout, sendLogout, id, enable, deferEnable } from './any-state.js';
export { starttls, greeting, injectionError, type GreetingPolicy } from './starttls.js';
export { login, authenticate, unauthenticate, type AuthenticateOptions } from './auth.js';
export { select, unselect, close, type SelectOptions, type SelectResult } from './select.js';
export {
  create,
  deleteMailbox,
  rename,
  subscribe,
  unsubscribe,
  namespace,
  type CreateOptions,
  type Namespaces,
} from './mailboxes.js';
export { pipeline, type PipelinedCommand, type Settled } from './pipeline.js';
export {
  list,
  status,
  statusMany,
  type ListOptions,
  type ListEntry,
  type StatusItem,
} from './list.js';
export { append, type AppendMessage, type AppendResult } from './append.js';
export {
  check,
  expunge,
  store,
  copy,
  move,
  type ExpungeResult,
  type StoreOptions,
  type StoreResult,
  type CopyResult,
} from './messages.js';
export {
  search,
  gmailRawSearch,
  sort,
  thread,
  type SearchOptions,
  type SearchResult,
  type SearchReturn,
  type SortCriterion,
  type SortKey,
} from './search.js';
export {
  fetch,
  fetchItemValues,
  type FetchItems,
  type FetchOptions,
  type SectionRequest,
} from './fetch.js';
export { fetchEach, type FetchEachHandlers, type FetchedMessage } from './fetch-each.js';
export {
  fetchBodyStream,
  DEFAULT_STREAM_ABOVE,
  type BodyStreamOptions,
  type BodyStreamResult,
} from './fetch-body-stream.js';
export { idle, IDLE_REFRESH_MS, type IdleReadReply } from './idle.js';
export {
  compress,
  notify,
  getQuota,
  getQuotaRoot,
  getAcl,
  myRights,
  getMetadata,
  setMetadata,
  type NotifyGroup,
  type NotifyFilter,
  type NotifyEventName,
  type QuotaRoot,
  type MetadataOptions,
} from './extensions.js';
export {
  execute,
  readResponse,
  type ImapCoroutine,
  type ImapRequest,
  type CommandEvent,
  type CommandHandlers,
  type IdleReadRequest,
} from './run.js';
