// The structured logger every server module uses instead of console.*: JSON lines (pino) on stdout, the level from
// LOG_LEVEL. Everything logged passes through redact() first, the message and its arguments as much as the fields,
// so a caller cannot leak a secret by formatting it into a string: access tokens, Authorization headers, cookies,
// anything that looks like a JWT (Shopify session tokens, id tokens) and phone numbers (E.164 → the last 4 digits).
// Under NODE_ENV=test the lines go to console.* by level instead, so the test setup's rule that an unexpected
// console.error fails the test also catches logger.error (test/setup/per-file.ts).
import pino, { type DestinationStream, type Logger } from "pino";
import { loggerEnv } from "../env.server";

export type { Logger };

type Level = "debug" | "info" | "warn" | "error" | "silent";

// ---- redaction --------------------------------------------------------------------------------------------------

const REDACTED = "[redacted]";
/** Keys whose value is a secret wherever they appear (any depth, any case): the whole value goes. */
const SECRET_KEY = /token|secret|password|passwd|authorization|cookie|signature|hmac|api_?key|encryption_?keys?/i;
/** Keys holding a phone number (not Meta's phone_number_id, which identifies a business number, not a person). */
const PHONE_KEY = /^(?!.*number_?id).*phone|^wa_?id$|msisdn/i;

const STRING_RULES: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // JWTs: three base64url parts, the header always starts with `{"` = "eyJ"; an unsigned one may end with a dot.
  [/eyJ[\w-]{2,}\.[\w-]{2,}\.[\w-]*/g, "[jwt]"],
  // Authorization header values written into a message: "Bearer abc", "Basic abc".
  [/\b(Bearer|Basic)\s+[^\s,;"']+/gi, `$1 ${REDACTED}`],
  // Shopify access tokens and secrets (shpat_, shpca_, shppa_, shpss_, shpua_, shprt_) and Meta access tokens (EAA…).
  [/\bshp(?:at|ca|pa|ss|ua|rt)_[A-Za-z0-9]+/g, "[shopify-token]"],
  [/\bEAA[A-Za-z0-9]{20,}/g, "[meta-token]"],
  // Secrets in a query string or form body: ?access_token=…&hmac=…
  [/\b((?:access_|id_|refresh_|session_)?token|secret|password|hmac|signature)=[^&\s"']+/gi, `$1=${REDACTED}`],
  // E.164 phone numbers: the last 4 digits stay so support can still tell two customers apart.
  [/\+[1-9]\d{6,14}\b/g, (m) => `+…${m.slice(-4)}`],
];

export function redactString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of STRING_RULES) out = out.replace(pattern, replacement as string);
  return out;
}

function maskPhone(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) return value.map((v) => maskPhone(v, depth + 1, seen));
  if (typeof value !== "string" && typeof value !== "number") return redact(value, depth + 1, seen);
  const digits = String(value).replace(/\D/g, "");
  return digits.length > 4 ? `…${digits.slice(-4)}` : value;
}

/** A copy of `value` safe to log: secret keys emptied, phone keys masked, every string scrubbed. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth > 6) return "[deep]";
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const entries: Iterable<[string, unknown]> =
    value instanceof Headers || value instanceof Map ? value.entries() : Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) {
    if (SECRET_KEY.test(key) && v !== null && v !== undefined && v !== "") out[key] = REDACTED;
    else if (PHONE_KEY.test(key)) out[key] = maskPhone(v, depth, seen);
    else out[key] = redact(v, depth + 1, seen);
  }
  return out;
}

function redactError(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const e = err as Error & { code?: unknown; cause?: unknown };
  return {
    type: err.name,
    message: redactString(err.message),
    ...(e.code !== undefined && { code: e.code }),
    ...(err.stack && { stack: redactString(err.stack) }),
    ...(e.cause !== undefined && { cause: redact(e.cause, depth + 1, seen) }),
  };
}

// ---- the logger -------------------------------------------------------------------------------------------------

const CONSOLE_BY_LEVEL: Array<[number, "error" | "warn" | "info" | "debug"]> = [
  [50, "error"],
  [40, "warn"],
  [30, "info"],
  [0, "debug"],
];

/** Tests: each line handed to console.* by level (looked up at call time, so a spy on console sees it). */
function consoleDestination(): DestinationStream {
  return {
    write(line: string) {
      const {
        level,
        msg,
        severity: _severity,
        time: _time,
        pid: _pid,
        hostname: _host,
        ...rest
      } = JSON.parse(line) as Record<string, unknown>;
      const method = CONSOLE_BY_LEVEL.find(([min]) => Number(level) >= min)![1];
      const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : "";
      console[method](`${String(msg ?? "")}${fields}`);
    },
  };
}

export function createLogger(opts: { level?: Level; destination?: DestinationStream } = {}): Logger {
  const env = loggerEnv();
  const destination =
    opts.destination ?? (env.NODE_ENV === "test" ? consoleDestination() : pino.destination({ dest: 1, sync: true }));
  const root = pino(
    {
      level: opts.level ?? env.LOG_LEVEL,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // `err` arrives already serialised by redact() (type, message, stack, code, cause); pino's own serialiser would
      // take that plain object for an error again and call its type "Object".
      serializers: { err: (err: unknown) => err },
      formatters: {
        level: (label, number) => ({ level: number, severity: label }),
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // logger.error(err) / logger.error(err, "msg"): the error under `err`, its message as the line's message
          if (first instanceof Error) {
            const msg = rest.length ? rest : [first.message];
            return method.apply(this, [{ err: redact(first) }, ...msg.map((a) => redact(a))] as Parameters<
              typeof method
            >);
          }
          return method.apply(this, args.map((a) => redact(a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
  // A child's fixed fields (logger.child({ shopId })) pass through the same redaction. pino resets the bindings
  // formatter for children, so the root's child() is wrapped instead; children inherit it (Object.create(parent)).
  type ChildFn = (this: unknown, bindings: pino.Bindings, options?: unknown) => unknown;
  const child = root.child as unknown as ChildFn;
  const redactingChild: ChildFn = function (bindings, options) {
    return child.call(this, redact(bindings) as pino.Bindings, options);
  };
  root.child = redactingChild as unknown as typeof root.child;
  return root;
}

export const logger: Logger = createLogger();

/** The message of anything thrown, for a one-line log. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---- rate limiting ----------------------------------------------------------------------------------------------

const throttles = new Map<string, { until: number; suppressed: number }>();

/**
 * A listener for errors that can repeat many times a second (a Redis connection retrying while Redis is down):
 * the first is logged at warn, then at most one line per `everyMs` for the same `what`, counting the ones skipped.
 * Shared by every connection of the process that uses the same `what`.
 */
export function warnEvery(what: string, everyMs = 30_000, log: Logger = logger): (err: unknown) => void {
  return (err) => {
    const now = Date.now();
    const t = throttles.get(what);
    if (t && now < t.until) {
      t.suppressed++;
      return;
    }
    const suppressed = t?.suppressed ?? 0;
    throttles.set(what, { until: now + everyMs, suppressed: 0 });
    log.warn(
      suppressed ? { suppressed } : {},
      `${what}: ${errorMessage(err)}${suppressed ? ` (${suppressed} more since the last line)` : ""}`,
    );
  };
}

/** For tests: forget the rate limits. */
export function resetLogThrottlesForTests() {
  throttles.clear();
}
