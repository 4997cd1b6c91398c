// Imported first by the web and worker entry points: a process started without NODE_ENV runs in production
// mode (no stack traces to clients, production React), so forgetting the variable can never expose development
// behaviour. Development and the tests set NODE_ENV explicitly.
// A write, not a read: it must happen before anything parses the configuration (app/env.server.ts reads it then).
process.env.NODE_ENV ??= "production";
export {};
