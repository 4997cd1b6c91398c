// Extracts, from Meta's published OpenAPI definition of the WhatsApp Business Messaging API
// (GitHub facebook/openapi, business-messaging-api_v23.0.yaml), the request schemas of the two send edges the app
// calls, with every schema they reach (by $ref and by discriminator mapping), into
// test/fixtures/meta/whatsapp-send-schemas.v23.0.json. The simulator validates every send body against that file
// (schema.ts). Re-run after Meta publishes a new spec:
//   npx tsx test/simulators/whatsapp/openapi/extract.ts <path to business-messaging-api_vNN.yaml> [commit]
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const [file, commit = "unknown"] = process.argv.slice(2);
if (!file) throw new Error("usage: extract.ts <business-messaging-api_vNN.yaml> [commit]");
const doc = parse(readFileSync(file, "utf8")) as {
  info?: { version?: string };
  paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } }>;
  components: { schemas: Record<string, unknown> };
};
const all = doc.components.schemas;
const PREFIX = "#/components/schemas/";

const roots: Record<string, string> = {};
for (const edge of ["messages", "marketing_messages"]) {
  const ref =
    doc.paths[`/{Version}/{Phone-Number-ID}/${edge}`]?.post?.requestBody?.content?.["application/json"]?.schema?.$ref;
  if (!ref?.startsWith(PREFIX)) throw new Error(`no request schema for /${edge}`);
  roots[edge] = ref.slice(PREFIX.length);
}

const picked: Record<string, unknown> = {};
function visit(name: string) {
  if (name in picked) return;
  if (!(name in all)) throw new Error(`schema ${name} is referenced but not defined`);
  picked[name] = all[name];
  walk(all[name]);
}
function walk(node: unknown) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) return node.forEach(walk);
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith(PREFIX)) {
      visit(v.slice(PREFIX.length));
    } else if (k === "mapping" && v && typeof v === "object") {
      for (const target of Object.values(v)) if (typeof target === "string") visit(target.slice(PREFIX.length));
    } else {
      walk(v);
    }
  }
}
for (const r of Object.values(roots)) visit(r);

const out = path.resolve(import.meta.dirname, "../../../fixtures/meta/whatsapp-send-schemas.v23.0.json");
writeFileSync(
  out,
  JSON.stringify(
    {
      source: "https://github.com/facebook/openapi",
      file: path.basename(file),
      commit,
      specVersion: doc.info?.version ?? null,
      roots,
      schemas: Object.fromEntries(
        Object.keys(picked)
          .sort()
          .map((k) => [k, picked[k]]),
      ),
    },
    null,
    1,
  ) + "\n",
);
console.log(`${Object.keys(picked).length} schemas → ${out}`);
