// POST /webhooks straight to the webhook route's action (app/routes/webhooks.tsx), without the static-file and
// compression middleware or Remix's route matching, which cost more than the intake itself at hundreds of
// deliveries a second. The action sees the same Request the Remix adapter would build (method, headers, raw body
// bytes) and its Response is sent back as is; a thrown Response is the answer too (as in Remix).
import type { ActionFunction } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

export function webhookFastPath(action: ActionFunction) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", next);
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.originalUrl}`, {
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
          res.status(result.status);
          result.headers.forEach((value, name) => res.setHeader(name, value));
          res.end(Buffer.from(await result.arrayBuffer()));
        })
        .catch(next);
    });
  };
}
