/**
 * Session discovery (RFC 8620 §2, §2.2): GET the session resource — `/.well-known/jmap` when the
 * configured URL has no path — following redirects, then resolve relative URLs against the URL
 * that answered and pick the account.
 */
import { MailError } from '../../shared/errors.js';
import { checkStatus, httpFollow, parseJson, resolveUrl, validate, type JmapCo } from './http.js';
import { CORE, MAIL, coreCapabilitySchema, sessionSchema } from './schemas.js';

export interface JmapLimits {
  maxObjectsInGet: number;
  maxObjectsInSet: number;
  maxCallsInRequest: number;
  maxSizeUpload: number;
}

export interface JmapSession {
  sessionUrl: string;
  apiUrl: string;
  downloadUrl: string;
  uploadUrl: string;
  eventSourceUrl?: string;
  accountId: string;
  /** Session-level capability URIs. */
  capabilities: string[];
  limits: JmapLimits;
  state?: string;
}

/** Conservative defaults when the server does not say (RFC 8620 suggests ≥ 500 / 16). */
const DEFAULT_LIMITS: JmapLimits = {
  maxObjectsInGet: 500,
  maxObjectsInSet: 500,
  maxCallsInRequest: 16,
  maxSizeUpload: 50_000_000,
};

export function sessionUrlFor(configured: string): string {
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new MailError('ERR_CONFIG', `invalid jmap url: ${configured}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MailError('ERR_CONFIG', `jmap url must be http(s): ${configured}`);
  }
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/.well-known/jmap';
  return url.toString();
}

export function* discoverSession(
  configuredUrl: string,
  authorization: string,
  accountId?: string,
): JmapCo<JmapSession> {
  const response = yield* httpFollow({
    method: 'GET',
    url: sessionUrlFor(configuredUrl),
    headers: { accept: 'application/json', authorization },
  });
  checkStatus(response, 'JMAP session discovery');
  const resource = parseJson(response.body, sessionSchema, 'JMAP session');
  const base = response.url;
  const chosen = accountId ?? resource.primaryAccounts?.[MAIL];
  if (chosen === undefined || resource.accounts[chosen] === undefined) {
    throw new MailError(
      'ERR_NOT_FOUND',
      accountId === undefined
        ? 'the JMAP session has no primary mail account'
        : `JMAP account ${accountId} not found`,
      { details: { accounts: Object.keys(resource.accounts) } },
    );
  }
  if (resource.capabilities[MAIL] === undefined) {
    throw new MailError(
      'ERR_UNSUPPORTED',
      'the JMAP server does not offer urn:ietf:params:jmap:mail',
    );
  }
  const core = validate(
    resource.capabilities[CORE] ?? {},
    coreCapabilitySchema,
    'JMAP core capability',
  );
  const session: JmapSession = {
    sessionUrl: base,
    apiUrl: resolveUrl(resource.apiUrl, base),
    // URI templates (RFC 6570): resolved textually so `{…}` survives until expansion.
    downloadUrl: resolveTemplate(resource.downloadUrl, base),
    uploadUrl: resolveTemplate(resource.uploadUrl, base),
    accountId: chosen,
    capabilities: Object.keys(resource.capabilities),
    limits: {
      maxObjectsInGet: core.maxObjectsInGet || DEFAULT_LIMITS.maxObjectsInGet,
      maxObjectsInSet: core.maxObjectsInSet || DEFAULT_LIMITS.maxObjectsInSet,
      maxCallsInRequest: core.maxCallsInRequest || DEFAULT_LIMITS.maxCallsInRequest,
      maxSizeUpload: core.maxSizeUpload || DEFAULT_LIMITS.maxSizeUpload,
    },
  };
  if (resource.eventSourceUrl !== undefined) {
    session.eventSourceUrl = resolveTemplate(resource.eventSourceUrl, base);
  }
  if (resource.state !== undefined) session.state = resource.state;
  return session;
}

/** Make a (possibly relative) URI template absolute without percent-encoding its `{…}`. */
export function resolveTemplate(template: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(template)) return template;
  const origin = new URL(base);
  if (template.startsWith('//')) return `${origin.protocol}${template}`;
  if (template.startsWith('/')) return `${origin.origin}${template}`;
  const dir = origin.pathname.replace(/[^/]*$/, '');
  return `${origin.origin}${dir}${template}`;
}
