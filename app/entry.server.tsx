import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { ConfigError, getEnv } from "./env.server";
import { assertServicesReachable } from "./health.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// Validate configuration and reach PostgreSQL/Redis once when the server loads: one readable line, not a trace.
try {
  getEnv();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`web cannot start: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
// Exits with one line if PostgreSQL or Redis cannot be reached when the server loads.
if (process.env.NODE_ENV !== "test") void assertServicesReachable("web");

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
