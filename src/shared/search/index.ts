/**
 * mailroom/search — the search DSL: text → AST (parse), AST → text (format), local evaluation
 * and sorting.
 */
export type * from './ast.js';
export { DEFAULT_SORT } from './ast.js';
export { parseSearchQuery, MAX_NESTING } from './parser.js';
export { formatSearchQuery, formatFilter, formatValue } from './format.js';
export { toSearchQuery } from './validate.js';
export { parseDay, isDay, dayOfInstant } from './dates.js';
export {
  matchesFilter,
  matchesFilterSync,
  matchesEnvelopeOnly,
  needsContent,
  contentNeeds,
} from './evaluate.js';
export type { ContentProvider, MatchContext } from './evaluate.js';
export { sortEnvelopes } from './sort.js';
export { baseSubject } from './base-subject.js';
export { searchLocal } from './search-local.js';
export { splitOnAttachment, fixAttachment } from './attachment-split.js';
export type { AttachmentSplit, FixedFilter } from './attachment-split.js';
