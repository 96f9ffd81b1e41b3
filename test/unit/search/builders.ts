/** Compact AST builders for the search tests. */
import type {
  AddressField,
  Condition,
  DateOp,
  Filter,
  SearchQuery,
  SortKey,
} from '../../../src/shared/search/index.js';

export const from = (value: string): Condition => ({ type: 'address', field: 'from', value });
export const addr = (field: AddressField, value: string): Condition => ({
  type: 'address',
  field,
  value,
});
export const subject = (value: string): Condition => ({ type: 'subject', value });
export const body = (value: string): Condition => ({ type: 'body', value });
export const text = (value: string): Condition => ({ type: 'text', value });
export const header = (name: string, value: string): Condition => ({ type: 'header', name, value });
export const flag = (f: string): Condition => ({ type: 'flag', flag: f });
export const day = (op: DateOp, d: string): Condition => ({ type: 'date', op, day: d });
export const larger = (bytes: number): Condition => ({ type: 'size', op: 'larger', bytes });
export const smaller = (bytes: number): Condition => ({ type: 'size', op: 'smaller', bytes });
export const hasAttachment: Condition = { type: 'hasAttachment' };
export const and = (...children: Filter[]): Filter => ({ type: 'and', children });
export const or = (...children: Filter[]): Filter => ({ type: 'or', children });
export const not = (child: Filter): Filter => ({ type: 'not', child });
export const asc = (field: SortKey['field']): SortKey => ({ field, order: 'asc' });
export const desc = (field: SortKey['field']): SortKey => ({ field, order: 'desc' });

export function query(filter?: Filter, ...sort: SortKey[]): SearchQuery {
  return filter === undefined ? { sort } : { filter, sort };
}
