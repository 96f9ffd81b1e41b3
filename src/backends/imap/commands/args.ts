/**
 * Command argument builders used by the command generators, over the validating value
 * constructors of the wire layer (typed values only: no raw string splicing, RFC 9051 §4).
 */
export {
  atom,
  astring,
  string,
  nstring,
  literal,
  number,
  sequenceSet,
  mailbox,
  flagList,
  date,
  list,
  token,
} from '../wire/values.js';
