/**
 * mailroom/search — the search DSL: text → AST (parse), local evaluation and sorting.
 */
export type * from './ast.js';
export { DEFAULT_SORT } from './ast.js';
