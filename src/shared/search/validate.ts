/**
 * `toSearchQuery`: the one entry point for "a query, as text or as an AST". Text is parsed; an
 * object is checked field by field (it may come from JSON or JavaScript callers) and copied into
 * a clean SearchQuery, so compilers can trust its shape: real `YYYY-MM-DD` days, normalised
 * flags, non-negative safe-integer sizes, RFC 5322 header names, known sort fields.
 */
import type { AddressField, Condition, DateOp, Filter, SearchQuery, SortKey } from './ast.js';
import { isHeaderName } from './condition-parser.js';
import { isDay } from './dates.js';
import { SORT_FIELDS } from './keywords.js';
import { MAX_NESTING, parseSearchQuery } from './parser.js';
import { MailError } from '../errors.js';
import { normalizeFlag } from '../flags.js';

const DATE_OPS: readonly DateOp[] = ['on', 'before', 'after', 'since'];
const ADDRESS_FIELDS: readonly AddressField[] = ['from', 'to', 'cc', 'bcc'];

function invalid(path: string, what: string): MailError {
  return new MailError('ERR_INVALID_ARGUMENT', `invalid search query: ${path} ${what}`, {
    details: { path },
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw invalid(`${path}.${key}`, 'must be a string');
  return v;
}

function condition(o: Record<string, unknown>, path: string): Condition {
  switch (o.type) {
    case 'date': {
      const op = o.op as DateOp;
      if (!DATE_OPS.includes(op))
        throw invalid(`${path}.op`, `must be one of ${DATE_OPS.join(', ')}`);
      const day = str(o, 'day', path);
      if (!isDay(day)) throw invalid(`${path}.day`, 'must be a real day written YYYY-MM-DD');
      return { type: 'date', op, day };
    }
    case 'address': {
      const field = o.field as AddressField;
      if (!ADDRESS_FIELDS.includes(field))
        throw invalid(`${path}.field`, 'must be from, to, cc or bcc');
      return { type: 'address', field, value: str(o, 'value', path) };
    }
    case 'subject':
    case 'body':
    case 'text':
      return { type: o.type, value: str(o, 'value', path) };
    case 'header': {
      const name = str(o, 'name', path);
      if (!isHeaderName(name)) throw invalid(`${path}.name`, 'must be a header field name');
      return { type: 'header', name, value: str(o, 'value', path) };
    }
    case 'flag': {
      const flag = normalizeFlag(str(o, 'flag', path));
      if (flag === '') throw invalid(`${path}.flag`, 'must not be empty');
      return { type: 'flag', flag };
    }
    case 'size': {
      if (o.op !== 'larger' && o.op !== 'smaller')
        throw invalid(`${path}.op`, 'must be larger or smaller');
      const bytes = o.bytes;
      if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
        throw invalid(`${path}.bytes`, 'must be a non-negative integer');
      }
      return { type: 'size', op: o.op, bytes };
    }
    case 'hasAttachment':
      return { type: 'hasAttachment' };
    default:
      throw invalid(`${path}.type`, `is not a known condition or operator`);
  }
}

function filter(v: unknown, path: string, depth: number): Filter {
  if (depth > MAX_NESTING) throw invalid(path, `nests deeper than ${MAX_NESTING} levels`);
  if (!isObject(v)) throw invalid(path, 'must be an object');
  if (v.type === 'and' || v.type === 'or') {
    if (!Array.isArray(v.children)) throw invalid(`${path}.children`, 'must be an array');
    const children = v.children.map((c, i) => filter(c, `${path}.children[${i}]`, depth + 1));
    return { type: v.type, children };
  }
  if (v.type === 'not') return { type: 'not', child: filter(v.child, `${path}.child`, depth + 1) };
  return condition(v, path);
}

function sortKeys(v: unknown): SortKey[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid('sort', 'must be an array');
  return v.map((k, i) => {
    const path = `sort[${i}]`;
    if (!isObject(k)) throw invalid(path, 'must be an object');
    const field = k.field as SortKey['field'];
    if (!SORT_FIELDS.includes(field))
      throw invalid(`${path}.field`, `must be one of ${SORT_FIELDS.join(', ')}`);
    if (k.order !== 'asc' && k.order !== 'desc')
      throw invalid(`${path}.order`, 'must be asc or desc');
    return { field, order: k.order };
  });
}

/** Text → parsed query; object → validated copy. Throws ERR_PARSE / ERR_INVALID_ARGUMENT. */
export function toSearchQuery(query: string | SearchQuery): SearchQuery {
  if (typeof query === 'string') return parseSearchQuery(query);
  if (!isObject(query)) throw invalid('query', 'must be a string or an object');
  const out: SearchQuery = { sort: sortKeys(query.sort) };
  if (query.filter !== undefined) out.filter = filter(query.filter, 'filter', 0);
  return out;
}
