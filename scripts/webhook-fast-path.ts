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

/** Answer 413 and drop the connection once the answer is out (the unread rest of the body is discarded). */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number) {
  if (res.headersSent) {
    req.destroy();
    return;
  }
  res.writeHead(413, { "Content-Type": "text/plain", Connection: "close" });
  res.end(`request body larger than ${limit} bytes`, () => setImmediate(() => req.destroy()));
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
