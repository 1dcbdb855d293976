import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_MAX_RETRY_AFTER_MS, classifyError, classifyStatus, errorCode, parseRetryAfter } from "./failure.js";

const withCode = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

describe("classifyStatus", () => {
  it.each([200, 201, 204, 299])("%s is ok", (s) => {
    expect(classifyStatus(s)).toEqual({ kind: "ok" });
  });

  it.each([408, 425, 429, 500, 502, 503, 504, 599])("%s is transient", (s) => {
    expect(classifyStatus(s)).toEqual({ kind: "transient", reason: `http-${s}` });
  });

  it.each([304, 400, 401, 403, 404, 410, 451])("%s is final", (s) => {
    expect(classifyStatus(s)).toEqual({ kind: "final", reason: `http-${s}` });
  });

  it("every 4xx but 408, 425 and 429 is final, every 5xx transient (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 599 }), (s) => {
        const expected = s >= 500 || s === 408 || s === 425 || s === 429 ? "transient" : "final";
        expect(classifyStatus(s).kind).toBe(expected);
      }),
    );
  });
});

describe("classifyError", () => {
  it.each([
    ["UND_ERR_CONNECT_TIMEOUT", "transient", "timeout"],
    ["UND_ERR_HEADERS_TIMEOUT", "transient", "timeout"],
    ["UND_ERR_BODY_TIMEOUT", "transient", "timeout"],
    ["ETIMEDOUT", "transient", "timeout"],
    ["ECONNRESET", "transient", "connection-reset"],
    ["UND_ERR_SOCKET", "transient", "connection-reset"],
    ["EPIPE", "transient", "connection-reset"],
    ["ECONNREFUSED", "transient", "connection-refused"],
    ["EHOSTUNREACH", "transient", "host-unreachable"],
    ["EAI_AGAIN", "transient", "dns-temporary"],
    ["ENOTFOUND", "final", "dns-not-found"],
    ["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "transient", "body-incomplete"],
    ["UND_ERR_RES_EXCEEDED_MAX_SIZE", "final", "body-too-large"],
    ["CERT_HAS_EXPIRED", "final", "tls-error"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "final", "tls-error"],
    ["EWHATEVER", "transient", "network-error"],
    ["UND_ERR_SOMETHING_NEW", "transient", "network-error"],
    ["ERR_INVALID_ARG_TYPE", "final", "error"],
  ])("%s → %s %s", (code, kind, reason) => {
    expect(classifyError(withCode(code))).toEqual({ kind, reason });
  });

  it("looks through fetch's wrapper to the cause", () => {
    const wrapped = new TypeError("fetch failed", { cause: withCode("ECONNRESET") });
    expect(classifyError(wrapped)).toEqual({ kind: "transient", reason: "connection-reset" });
    const deep = new Error("outer", { cause: new Error("mid", { cause: withCode("UND_ERR_HEADERS_TIMEOUT") }) });
    expect(classifyError(deep)).toEqual({ kind: "transient", reason: "timeout" });
  });

  it("prefers a known code deeper in the chain over an unknown one on top", () => {
    const e = Object.assign(new Error("x", { cause: withCode("ENOTFOUND") }), { code: "ERR_WRAPPER" });
    expect(errorCode(e)).toBe("ENOTFOUND");
  });

  it("treats AbortSignal.timeout's TimeoutError as a timeout", () => {
    const e = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(classifyError(e)).toEqual({ kind: "transient", reason: "timeout" });
  });

  it("survives cause cycles and non-errors", () => {
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(classifyError(a)).toEqual({ kind: "final", reason: "error" });
    expect(classifyError("string")).toEqual({ kind: "final", reason: "error" });
    expect(classifyError(null)).toEqual({ kind: "final", reason: "error" });
    expect(classifyError(new Error("plain"))).toEqual({ kind: "final", reason: "error" });
  });

  it("returns a fresh object each time", () => {
    const a = classifyError(withCode("ECONNRESET"));
    (a as { reason: string }).reason = "mutated";
    expect(classifyError(withCode("ECONNRESET"))).toEqual({ kind: "transient", reason: "connection-reset" });
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
  });

  it("reads the three HTTP-date forms", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:29:30 GMT", now)).toBe(90_000);
    expect(parseRetryAfter("Wednesday, 21-Oct-15 07:29:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed Oct 21 07:28:05 2015", now)).toBe(5_000);
    expect(parseRetryAfter("Wed Oct  1 07:28:05 2015", Date.parse("Thu, 01 Oct 2015 07:28:00 GMT"))).toBe(5_000);
  });

  it("gives 0 for a date in the past", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
  });

  it("caps the delay, 10 minutes by default", () => {
    expect(parseRetryAfter("86400", now)).toBe(DEFAULT_MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter("99999999999999999999999", now)).toBe(DEFAULT_MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter("Thu, 22 Oct 2015 07:28:00 GMT", now, 5_000)).toBe(5_000);
    expect(parseRetryAfter("30", now, 5_000)).toBe(5_000);
  });

  it.each([null, undefined, "", "soon", "-5", "1.5", "12abc", "2015-10-21"])("answers null for %j", (v) => {
    expect(parseRetryAfter(v, now)).toBeNull();
  });
});
