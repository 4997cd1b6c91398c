// POST /webhooks straight to the webhook route's action (app/routes/webhooks.tsx), without the static-file and
// compression middleware or Remix's route matching, which cost more than the intake itself at hundreds of
// deliveries a second. The action sees the same Request the Remix adapter would build (method, headers, raw body
// bytes) and its Response is sent back as is; a thrown Response is the answer too (as in Remix).
// Plain Node request/response, so the tests' HTTP server for the route (test/setup/webhooks.ts) uses it too.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActionFunction } from "@remix-run/node";

export function webhookFastPath(action: ActionFunction) {
  return (req: IncomingMessage, res: ServerResponse, next: (err: unknown) => void) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", next);
    req.on("end", () => {
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
