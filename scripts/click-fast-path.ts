// GET /l/:ref straight to the redirect route's loader (app/routes/l.$ref.tsx), like the webhook fast path: the
// static-file and compression middleware and Remix's route matching cost more than the redirect itself at
// thousands of clicks a second (test/bench/clicks.bench.ts). The loader sees the Request the Remix adapter would
// build (method, URL, headers) and its Response is sent as is. POST /proxy/click takes webhookFastPath.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LoaderFunction } from "@remix-run/node";

export function redirectFastPath(loader: LoaderFunction) {
  return (
    req: IncomingMessage & { params?: Record<string, string> },
    res: ServerResponse,
    next: (err: unknown) => void,
  ) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
      method: req.method,
      headers,
    });
    Promise.resolve()
      .then(() => loader({ request, params: { ref: req.params?.ref ?? "" }, context: {} }))
      .catch((thrown: unknown) => {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      })
      .then(async (result: unknown) => {
        if (!(result instanceof Response)) throw new Error("the redirect loader did not answer with a Response");
        res.statusCode = result.status;
        result.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(req.method === "HEAD" ? undefined : Buffer.from(await result.arrayBuffer()));
      })
      .catch(next);
  };
}
