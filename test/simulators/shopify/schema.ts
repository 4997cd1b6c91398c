// Shopify's own Admin GraphQL schema, from the introspection files Shopify ships in `@shopify/dev-mcp`
// (devDependency, pinned): the simulator validates and shapes every answer with it, so it rejects exactly what
// the real API rejects for that version. No hand-written slice any more (issue 13: the old one had 90 differences).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, GraphQLScalarType, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** The version the app pins (app/shopify/api-version.ts); also the fallback for versions the package lacks. */
export const PINNED_ADMIN_VERSION = "2026-10";

// The package exports only ESM entry points (no ./package.json), so find its folder the way Node would.
function dataDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", "@shopify", "dev-mcp", "dist", "data");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error("@shopify/dev-mcp is not installed (devDependency)");
  }
}

/** The stable versions (and `unstable`) whose Admin schema the package holds, oldest first. */
export function availableAdminVersions(): string[] {
  return readdirSync(dataDir())
    .map((f) => /^admin_(\d{4}-\d{2}|unstable)\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => !!v)
    .sort((a, b) => (a === "unstable" ? 1 : b === "unstable" ? -1 : a.localeCompare(b)));
}

/**
 * The schema file for a request's version: that version's own, or — for a version the package does not ship
 * (older than its oldest) — the oldest it has. The simulator answers 404 for malformed versions before this.
 */
export function schemaFileVersion(version: string): string {
  const available = availableAdminVersions();
  if (available.includes(version)) return version;
  const stable = available.filter((v) => v !== "unstable");
  const older = stable.filter((v) => v <= version);
  return older.at(-1) ?? stable[0] ?? PINNED_ADMIN_VERSION;
}

const cache = new Map<string, GraphQLSchema>();

export function adminSchema(version: string = PINNED_ADMIN_VERSION): GraphQLSchema {
  const file = schemaFileVersion(version);
  const hit = cache.get(file);
  if (hit) return hit;
  const path = join(dataDir(), `admin_${file}.json.gz`);
  if (!existsSync(path)) throw new Error(`no Admin schema for ${version} at ${path}`);
  const json = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as { data: IntrospectionQuery };
  const schema = buildClientSchema(json.data);
  // UnsignedInt64 travels as a JSON string in Shopify's responses (objectCount: "12").
  const u64 = schema.getType("UnsignedInt64") as GraphQLScalarType | undefined;
  if (u64) u64.serialize = (v: unknown) => (v === null || v === undefined ? v : String(v));
  cache.set(file, schema);
  return schema;
}
