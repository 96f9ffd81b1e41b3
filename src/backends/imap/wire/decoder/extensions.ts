/**
 * Untagged data of extensions: CAPABILITY/ENABLED atom lists (RFC 9051 §7.2.2, RFC 5161),
 * NAMESPACE (RFC 2342), ID (RFC 2971), QUOTA/QUOTAROOT (RFC 9208), ACL/LISTRIGHTS/MYRIGHTS
 * (RFC 4314), METADATA (RFC 5464), VANISHED (RFC 7162 §3.2.10). Each parser starts after the
 * response keyword.
 */
import type { NamespaceDescriptor, NumberRange, QuotaResource, UntaggedData } from '../types.js';
import {
  astring,
  atom,
  atomUpper,
  mailbox,
  nstring,
  nstringBytes,
  number,
  quoted,
  sequenceSet,
  string,
} from './primitives.js';
import type { Reader } from './reader.js';

/** *(SP atom), tolerating trailing spaces. */
export function atomList(r: Reader): string[] {
  const out: string[] = [];
  while (r.peek() === 0x20) {
    if (!r.spThenMore()) break;
    out.push(atom(r));
  }
  return out;
}

/** Nil / "(" 1*( "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) *(Namespace-Response-Extension) ")" ) ")" */
function namespaceList(r: Reader): NamespaceDescriptor[] | null {
  if (r.nil()) return null;
  r.expect(0x28, "'(' starting a namespace");
  const out: NamespaceDescriptor[] = [];
  while (r.peek() !== 0x29) {
    if (r.quirks.extraSpaces) r.skipSpaces();
    r.expect(0x28, "'('");
    const prefix = string(r);
    r.sp();
    const delimiter = r.nil() ? null : quoted(r);
    const extensions: { name: string; values: string[] }[] = [];
    while (r.peek() === 0x20) {
      r.sp();
      const name = string(r);
      r.sp();
      r.expect(0x28, "'('");
      const values: string[] = [];
      while (r.peek() !== 0x29) {
        if (values.length > 0) r.sp();
        values.push(string(r));
      }
      r.pos++;
      extensions.push({ name, values });
    }
    r.expect(0x29, "')'");
    out.push(extensions.length > 0 ? { prefix, delimiter, extensions } : { prefix, delimiter });
  }
  r.pos++;
  return out;
}

export function namespaceResponse(r: Reader): UntaggedData {
  r.sp();
  const personal = namespaceList(r);
  r.sp();
  const other = namespaceList(r);
  r.sp();
  const shared = namespaceList(r);
  return { type: 'namespace', personal, other, shared };
}

/** id-response = "ID" SP id-params-list; keys land in a null-prototype object (no pollution). */
export function idResponse(r: Reader): UntaggedData {
  r.sp();
  if (r.nil()) return { type: 'id', params: null };
  r.expect(0x28, "'('");
  const params: Record<string, string | null> = Object.create(null) as Record<
    string,
    string | null
  >;
  r.trimBefore(0x29);
  let first = true;
  while (r.peek() !== 0x29) {
    if (!first) r.sp();
    first = false;
    const key = string(r);
    r.sp();
    params[key] = nstring(r);
    r.trimBefore(0x29);
  }
  r.pos++;
  return { type: 'id', params };
}

/** quota-response = "QUOTA" SP astring SP quota-list */
export function quotaResponse(r: Reader): UntaggedData {
  r.sp();
  const root = astring(r);
  r.sp();
  r.expect(0x28, "'('");
  const resources: QuotaResource[] = [];
  r.trimBefore(0x29);
  while (r.peek() !== 0x29) {
    if (resources.length > 0) r.sp();
    const name = atomUpper(r);
    r.sp();
    const usage = number(r);
    r.sp();
    resources.push({ name, usage, limit: number(r) });
    r.trimBefore(0x29);
  }
  r.pos++;
  return { type: 'quota', root, resources };
}

export function quotarootResponse(r: Reader): UntaggedData {
  r.sp();
  const [name] = mailbox(r);
  const roots: string[] = [];
  while (r.peek() === 0x20) {
    if (!r.spThenMore()) break;
    roots.push(astring(r));
  }
  return { type: 'quotaroot', mailbox: name, roots };
}

export function aclResponse(r: Reader): UntaggedData {
  r.sp();
  const [name] = mailbox(r);
  const entries: { identifier: string; rights: string }[] = [];
  while (r.peek() === 0x20) {
    if (!r.spThenMore()) break;
    const identifier = astring(r);
    r.sp();
    entries.push({ identifier, rights: astring(r) });
  }
  return { type: 'acl', mailbox: name, entries };
}

export function listrightsResponse(r: Reader): UntaggedData {
  r.sp();
  const [name] = mailbox(r);
  r.sp();
  const identifier = astring(r);
  r.sp();
  const required = astring(r);
  const optional: string[] = [];
  while (r.peek() === 0x20) {
    if (!r.spThenMore()) break;
    optional.push(astring(r));
  }
  return { type: 'listrights', mailbox: name, identifier, required, optional };
}

export function myrightsResponse(r: Reader): UntaggedData {
  r.sp();
  const [name] = mailbox(r);
  r.sp();
  return { type: 'myrights', mailbox: name, rights: astring(r) };
}

/** "METADATA" SP mailbox SP (entry-values / entry-list) */
export function metadataResponse(r: Reader): UntaggedData {
  r.sp();
  const [name] = mailbox(r);
  r.sp();
  const entries: { name: string; value?: Uint8Array | null }[] = [];
  if (r.peek() === 0x28) {
    r.pos++;
    while (r.peek() !== 0x29) {
      if (entries.length > 0) r.sp();
      const entry = astring(r);
      r.sp();
      entries.push({ name: entry, value: nstringBytes(r) });
    }
    r.pos++;
  } else {
    entries.push({ name: astring(r) });
    while (r.peek() === 0x20) {
      if (!r.spThenMore()) break;
      entries.push({ name: astring(r) });
    }
  }
  return { type: 'metadata', mailbox: name, entries };
}

/** "VANISHED" [SP "(EARLIER)"] SP known-uids */
export function vanishedResponse(r: Reader): UntaggedData {
  r.sp();
  let earlier = false;
  if (r.peek() === 0x28) {
    r.pos++;
    if (!r.keyword('EARLIER')) throw r.fail('expected EARLIER');
    r.expect(0x29, "')'");
    r.sp();
    earlier = true;
  }
  const uids: NumberRange[] = sequenceSet(r);
  return { type: 'vanished', earlier, uids };
}
