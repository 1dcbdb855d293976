/**
 * What an attempt's outcome means for the retry loop: `ok`, `transient` (retry with
 * backoff, DESIGN §6: network errors, timeouts, 408, 425, 429, 5xx) or `final`, each
 * failure with the stable reason string that lands in `errors.jsonl` and the summary.
 *
 * Errors are recognised by their `code`, looked up on the error and along its `cause`
 * chain, because undici's `fetch` wraps the socket error (`TypeError: fetch failed`,
 * cause `ECONNRESET`) while its `request` throws it directly.
 *
 * Judgement calls: `ENOTFOUND` is final (the name does not exist; retrying three times
 * only delays the verdict) while `EAI_AGAIN` is transient; TLS certificate errors are
 * final; an unknown error with an errno-style code is treated as a transient network
 * error, and one without any code as a final `error` (most likely a bug, which retrying
 * would only repeat).
 * @module
 */
import type { FailReason } from "../errors.js";

/** The verdict on one attempt. */
export type Outcome = { kind: "ok" } | { kind: "transient"; reason: FailReason } | { kind: "final"; reason: FailReason };

/** Statuses worth retrying besides 5xx. */
const TRANSIENT_STATUS = new Set([408, 425, 429]);

/**
 * Classify a response status. 2xx is ok; a 3xx that reaches here (no Location, 304) is
 * final, since redirects were already followed.
 *
 * @example
 * ```ts
 * classifyStatus(503); // { kind: "transient", reason: "http-503" }
 * classifyStatus(404); // { kind: "final", reason: "http-404" }
 * ```
 */
export function classifyStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return { kind: "ok" };
  const reason: FailReason = `http-${status}`;
  if (status >= 500 || TRANSIENT_STATUS.has(status)) return { kind: "transient", reason };
  return { kind: "final", reason };
}

const CODES: Record<string, { kind: "transient" | "final"; reason: FailReason }> = {
  UND_ERR_CONNECT_TIMEOUT: { kind: "transient", reason: "timeout" },
  UND_ERR_HEADERS_TIMEOUT: { kind: "transient", reason: "timeout" },
  UND_ERR_BODY_TIMEOUT: { kind: "transient", reason: "timeout" },
  ETIMEDOUT: { kind: "transient", reason: "timeout" },
  ESOCKETTIMEDOUT: { kind: "transient", reason: "timeout" },
  ECONNRESET: { kind: "transient", reason: "connection-reset" },
  EPIPE: { kind: "transient", reason: "connection-reset" },
  ECONNABORTED: { kind: "transient", reason: "connection-reset" },
  UND_ERR_SOCKET: { kind: "transient", reason: "connection-reset" },
  UND_ERR_CLOSED: { kind: "transient", reason: "connection-error" },
  ECONNREFUSED: { kind: "transient", reason: "connection-refused" },
  EHOSTUNREACH: { kind: "transient", reason: "host-unreachable" },
  ENETUNREACH: { kind: "transient", reason: "host-unreachable" },
  EHOSTDOWN: { kind: "transient", reason: "host-unreachable" },
  ENETDOWN: { kind: "transient", reason: "host-unreachable" },
  EAI_AGAIN: { kind: "transient", reason: "dns-temporary" },
  ENOTFOUND: { kind: "final", reason: "dns-not-found" },
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: { kind: "transient", reason: "body-incomplete" },
  UND_ERR_RES_EXCEEDED_MAX_SIZE: { kind: "final", reason: "body-too-large" },
  CERT_HAS_EXPIRED: { kind: "final", reason: "tls-error" },
  DEPTH_ZERO_SELF_SIGNED_CERT: { kind: "final", reason: "tls-error" },
  SELF_SIGNED_CERT_IN_CHAIN: { kind: "final", reason: "tls-error" },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { kind: "final", reason: "tls-error" },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: { kind: "final", reason: "tls-error" },
  ERR_TLS_CERT_ALTNAME_INVALID: { kind: "final", reason: "tls-error" },
  ERR_SSL_WRONG_VERSION_NUMBER: { kind: "final", reason: "tls-error" },
};

/** The first `code` along the error's `cause` chain that we know, else the first code. */
export function errorCode(error: unknown): string | undefined {
  let first: string | undefined;
  const seen = new Set<unknown>();
  for (let e = error; e !== null && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      if (code in CODES) return code;
      first ??= code;
    }
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError" && first === undefined) first = "ETIMEDOUT"; // AbortSignal.timeout()
  }
  return first;
}

/**
 * Classify an error thrown by a request.
 *
 * @example
 * ```ts
 * classifyError(Object.assign(new Error("x"), { code: "UND_ERR_HEADERS_TIMEOUT" })); // { kind: "transient", reason: "timeout" }
 * classifyError(new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } }));    // { kind: "final", reason: "dns-not-found" }
 * ```
 */
export function classifyError(error: unknown): Outcome {
  const code = errorCode(error);
  if (code === undefined) return { kind: "final", reason: "error" };
  const known = CODES[code];
  if (known) return { ...known };
  if (/^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return { kind: "transient", reason: "network-error" };
  return { kind: "final", reason: "error" };
}

/** Longest `Retry-After` we honour by default (DESIGN §6 `--max-retry-after`: 10 minutes). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

/**
 * The delay a `Retry-After` header asks for, in milliseconds, capped at `maxMs`:
 * delta-seconds or an HTTP-date (a date in the past means 0). `null` when the header is
 * absent or malformed — the caller then backs off exponentially.
 *
 * @example
 * ```ts
 * parseRetryAfter("120", Date.now()); // 120000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")); // 60000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number, maxMs: number = DEFAULT_MAX_RETRY_AFTER_MS): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, maxMs);
  // HTTP-date forms (IMF-fixdate, RFC 850, asctime) all name a weekday and a month.
  if (!/[A-Za-z]{3}/.test(text)) return null;
  // asctime carries no zone; HTTP says it is GMT, Date.parse would say local time.
  const when = Date.parse(/\d{4}$/.test(text) ? `${text} GMT` : text);
  if (Number.isNaN(when)) return null;
  return Math.min(Math.max(0, when - now), maxMs);
}
