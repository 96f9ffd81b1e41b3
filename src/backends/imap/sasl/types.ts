/**
 * The SASL client contract (RFC 4422 §3): a pure state machine. Randomness is handed in by the
 * AUTHENTICATE coroutine (which obtains it through a `{ type: 'random' }` request), so every
 * mechanism is deterministic under test. Secrets never reach an error message.
 */
export interface SaslClient {
  /** IANA mechanism name, upper case, e.g. `SCRAM-SHA-256`. */
  readonly name: string;
  /** How many random bytes `initial` needs (0 when none). */
  readonly nonceBytes: number;
  /**
   * The client's first message; `null` when the mechanism is server-first (LOGIN, CRAM-MD5),
   * i.e. it must wait for the first challenge.
   */
  initial(random: Uint8Array): Uint8Array | null;
  /** Answer one server challenge (already base64-decoded). Throws MailError ERR_AUTH. */
  respond(challenge: Uint8Array): Uint8Array;
  /**
   * Called when the server reports success. Mutual-authentication mechanisms (SCRAM) throw
   * ERR_AUTH here when the server never proved it knows the password (RFC 5802 §5.1).
   */
  finish(): void;
}

/** What a caller may authenticate with. */
export interface SaslCredentials {
  user: string;
  password?: string | undefined;
  accessToken?: string | undefined;
  /** Authorisation identity (act as); empty/absent = same as user. */
  authzid?: string | undefined;
  /** ANONYMOUS trace string. */
  trace?: string | undefined;
  /** OAUTHBEARER gs2 host/port hints (RFC 7628 §3.1). */
  host?: string | undefined;
  port?: number | undefined;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const fromUtf8 = (b: Uint8Array): string => new TextDecoder().decode(b);
