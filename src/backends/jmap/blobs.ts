/**
 * Blob upload and download (RFC 8620 §6.1, §6.2) through the session's URL templates.
 */
import type { HttpRequestSpec } from '../../shared/coroutine.js';
import { MailError } from '../../shared/errors.js';
import { checkStatus, httpFollow, parseJson, type JmapCo } from './http.js';
import type { JmapContext } from './request.js';
import { uploadResponseSchema } from './schemas.js';
import { expandTemplate } from './uri-template.js';

export function downloadRequest(
  ctx: JmapContext,
  blobId: string,
  name = 'message.eml',
): HttpRequestSpec {
  const url = expandTemplate(ctx.session.downloadUrl, {
    accountId: ctx.session.accountId,
    blobId,
    type: 'message/rfc822',
    name,
  });
  return { method: 'GET', url, headers: { authorization: ctx.authorization } };
}

/** Map a download's status: 404 means the blob (message) is gone. */
export function checkDownload(status: number, blobId: string): void {
  if (status === 404) throw new MailError('ERR_NOT_FOUND', `message blob not found: ${blobId}`);
}

export function* downloadBlob(ctx: JmapContext, blobId: string): JmapCo<Uint8Array> {
  const response = yield* httpFollow(downloadRequest(ctx, blobId));
  checkDownload(response.status, blobId);
  checkStatus(response, 'JMAP download');
  return response.body;
}

export function* uploadBlob(
  ctx: JmapContext,
  bytes: Uint8Array,
  type = 'message/rfc822',
): JmapCo<string> {
  if (bytes.byteLength > ctx.session.limits.maxSizeUpload) {
    throw new MailError(
      'ERR_LIMIT',
      `the message (${bytes.byteLength} bytes) exceeds the server's maxSizeUpload`,
      {
        details: { size: bytes.byteLength, maxSizeUpload: ctx.session.limits.maxSizeUpload },
      },
    );
  }
  const url = expandTemplate(ctx.session.uploadUrl, { accountId: ctx.session.accountId });
  const response = yield* httpFollow({
    method: 'POST',
    url,
    headers: { authorization: ctx.authorization, 'content-type': type, accept: 'application/json' },
    body: bytes,
  });
  checkStatus(response, 'JMAP upload');
  return parseJson(response.body, uploadResponseSchema, 'JMAP upload').blobId;
}
