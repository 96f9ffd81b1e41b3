/**
 * IMAP modified UTF-7 (RFC 3501 §5.1.3), which Dovecot uses for Maildir++ folder directory
 * names unless configured for UTF-8: printable ASCII stands for itself, `&` is `&-`, anything
 * else is `&<modified base64 of UTF-16BE>-` with `,` for `/`.
 */

export function encodeMutf7(text: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => bytes.writeUInt16BE(unit, i * 2));
    out += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    pending = [];
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      flush();
      out += unit === 0x26 ? '&-' : text[i];
    } else pending.push(unit);
  }
  flush();
  return out;
}

/** Decode; malformed sequences are kept verbatim (a directory name is never lost). */
export function decodeMutf7(text: string): string {
  return text.replace(/&([A-Za-z0-9+,]*)-/g, (whole, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replace(/,/g, '/'), 'base64');
    if (bytes.length % 2 !== 0) return whole;
    let s = '';
    for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode(bytes.readUInt16BE(i));
    return s;
  });
}
