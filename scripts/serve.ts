// The web process: validates configuration and reaches PostgreSQL/Redis first (one readable line on
// failure), then serves the built Remix app with Express. Used by `npm start`, the demo and browser tests.
import "./production-default";
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { closeDb } from "../app/db.server";
import { closeHealthConnections } from "../app/health.server";
import { onStop, startOrExit } from "../app/lib/lifecycle.server";
import { errorMessage, logger } from "../app/lib/logger.server";
import { closeQueues } from "../jobs/queues";
import { answerAndClose, refuseTooLarge, webhookFastPath } from "./webhook-fast-path";
import { redirectFastPath } from "./click-fast-path";
import { APP_PROXY_MAX_BYTES, bodyLimitFor, META_WEBHOOK_MAX_BYTES } from "../app/lib/body-limit";

const env = await startOrExit("web", { services: true });
// Closed newest first on SIGTERM/SIGINT or after a crash (app/lib/lifecycle.server.ts).
onStop(closeDb);
onStop(closeQueues);
onStop(closeHealthConnections);

const root = path.resolve(import.meta.dirname, "..");
const buildDir = path.resolve(root, env.BUILD_DIR);
// A missing build is a start-up failure like a missing variable: one line saying what to run, exit 1.
const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href).catch((err: unknown) => {
  logger.fatal(`web cannot start: no server build in ${buildDir} (run npm run build): ${errorMessage(err)}`);
  process.exit(1);
})) as ServerBuild;
const app = express();
app.disable("x-powered-by");
// Body limits at the front door (app/lib/body-limit.ts): a declared length over the route's limit is refused
// before reading; a body of unknown length is only taken by the webhook routes, which count it as it streams
// (browsers and the app proxy always declare the length of a form).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const limit = bodyLimitFor(req.path);
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared)) return declared > limit ? refuseTooLarge(req, res, limit) : next();
  if (!req.headers["transfer-encoding"] || req.path === "/webhooks" || req.path === "/webhooks/whatsapp") return next();
  answerAndClose(req, res, 411, "Content-Length required");
});
// Webhook deliveries (hundreds a second at peak) skip the page middleware and Remix's route matching: the webhook
// route's own action answers them directly (scripts/webhook-fast-path.ts).
const webhookAction = build.routes["routes/webhooks"]?.module.action;
if (!webhookAction) throw new Error("the build has no routes/webhooks action");
app.post("/webhooks", webhookFastPath(webhookAction));
// Meta's deliveries take the same counted path (a Remix-adapted stream cannot be cut off and still answered).
const whatsappAction = build.routes["routes/webhooks.whatsapp"]?.module.action;
if (!whatsappAction) throw new Error("the build has no routes/webhooks.whatsapp action");
app.post("/webhooks/whatsapp", webhookFastPath(whatsappAction, META_WEBHOOK_MAX_BYTES));
// Message-link clicks (thousands a second at a campaign's peak) take the same shortcut: the storefront beacon
// (app/routes/proxy.click.tsx) and the redirect (app/routes/l.$ref.tsx).
const clickAction = build.routes["routes/proxy.click"]?.module.action;
if (!clickAction) throw new Error("the build has no routes/proxy.click action");
app.post("/proxy/click", webhookFastPath(clickAction, APP_PROXY_MAX_BYTES));
const redirectLoader = build.routes["routes/l.$ref"]?.module.loader;
if (!redirectLoader) throw new Error("the build has no routes/l.$ref loader");
app.get("/l/:ref", redirectFastPath(redirectLoader));
app.use(compression());
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
// Remix's Express handler passes its own errors to next(), so its promise never rejects.
const remix = createRequestHandler({ build, mode: env.NODE_ENV });
app.all("*", (req, res, next) => void remix(req, res, next));

const { PORT: port, HOST: host } = env;
const server = app.listen(port, host, () => logger.info(`web listening on http://${host}:${port}`));
// A port already taken is a start-up failure like a missing variable: one line, exit 1.
server.on("error", (err) => {
  logger.fatal(`web cannot start: ${err.message}`);
  process.exit(1);
});
onStop(() => new Promise((resolve) => server.close(resolve)));
