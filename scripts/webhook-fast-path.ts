// POST /webhooks straight to the webhook route's action (app/routes/webhooks.tsx), without the static-file and
// compression middleware or Remix's route matching, which cost more than the intake itself at hundreds of
// deliveries a second. The action sees the same Request the Remix adapter would build (method, headers, raw body
// bytes) and its Response is sent back as is; a thrown Response is the answer too (as in Remix).
// The body is capped while it streams (app/lib/body-limit.ts): a declared Content-Length over the limit is
// answered 413 before reading, a longer stream is cut off at the limit, and the connection is closed so the rest
// is never read.
// Plain Node request/response, so the tests' HTTP server for the route (test/setup/webhooks.ts) uses it too.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActionFunction } from "@remix-run/node";
import { SHOPIFY_WEBHOOK_MAX_BYTES } from "../app/lib/body-limit";

/**
 * How long a refused upload is still read (and dropped) after the answer, so the sender gets to read it. A sender
 * whose process is busy reads late, and the reset that follows the close discards an answer it has not read yet:
 * at 1 s, two test runs at once on two cores lost the 413. Reading and dropping costs no memory, so 5 s.
 */
const LINGER_MS = 5000;

/**
 * Answer 413, then close the connection. Closing a socket that still has unread bytes makes the kernel reset the
 * connection, and the reset can reach the sender before our answer does (it sees a broken connection, not a 413).
 * So the answer goes out without `Connection: close` (Node would destroy the socket as soon as it is written),
 * whatever is still arriving is read and thrown away — nothing is kept, memory does not grow — and the socket is
 * closed when the body ends or after LINGER_MS, whichever comes first.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number) {
  if (res.headersSent) {
    req.destroy();
    return;
  }
  answerAndClose(req, res, 413, `request body larger than ${limit} bytes`);
}

export function answerAndClose(req: IncomingMessage, res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text) });
  res.end(text, () => {
    const socket = req.socket;
    req.removeAllListeners("data");
    req.on("data", () => {});
    req.on("error", () => {});
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => {
      clearTimeout(timer);
      socket.end();
      setTimeout(() => socket.destroy(), 100).unref();
    });
  });
}

export function webhookFastPath(action: ActionFunction, limit = SHOPIFY_WEBHOOK_MAX_BYTES) {
  return (req: IncomingMessage, res: ServerResponse, next: (err: unknown) => void) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) return refuseTooLarge(req, res, limit);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        req.off("data", onData);
        req.pause();
        refuseTooLarge(req, res, limit);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("error", (err) => (refused ? undefined : next(err)));
    req.on("end", () => {
      if (refused) return;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/webhooks"}`, {
        method: "POST",
        headers,
        body: Buffer.concat(chunks),
      });
      Promise.resolve()
        .then(() => action({ request, params: {}, context: {} }))
        .catch((thrown: unknown) => {
          if (thrown instanceof Response) return thrown;
          throw thrown;
        })
        .then(async (result: unknown) => {
          if (!(result instanceof Response)) throw new Error("the webhook action did not answer with a Response");
          res.statusCode = result.status;
          result.headers.forEach((value, name) => res.setHeader(name, value));
          res.end(Buffer.from(await result.arrayBuffer()));
        })
        .catch(next);
    });
  };
}
