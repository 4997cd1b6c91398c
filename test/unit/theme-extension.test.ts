// The storefront opt-in theme app extension is well formed: each block's schema parses with the right target,
// every asset and snippet it references exists, every translation key it uses is defined, and it posts to
// the app proxy path shopify.app.toml declares (served by app/routes/proxy.optin.tsx). It also holds the rules
// `shopify app doctor` and the theme editor apply and theme-check does not (shared/notes/references.md): block
// names of at most 25 characters, every merchant setting escaped where it is output (LIQUID_UNSAFE_RENDER),
// assets loaded through the schema's `javascript` / `stylesheet` rather than script and link tags.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const EXT = path.resolve(__dirname, "../../extensions/whatsapp-opt-in");
const read = (p: string) => readFileSync(path.join(EXT, p), "utf8");

function schemaOf(liquid: string) {
  const m = /\{%\s*schema\s*%\}([\s\S]*?)\{%\s*endschema\s*%\}/.exec(liquid);
  if (!m) throw new Error("no schema");
  return JSON.parse(m[1]!) as {
    name: string;
    target: string;
    javascript?: string;
    stylesheet?: string;
    settings: Array<{ id: string; type: string; label: string; default?: unknown }>;
  };
}

/** Shopify's limit on an app block's or app embed's `name` (after translation), in characters. */
const MAX_BLOCK_NAME = 25;

/** The `{{ ... }}` outputs of a Liquid file (schema excluded), each with its expression and filters. */
function outputs(liquid: string): Array<{ expr: string; filters: string[]; raw: string }> {
  const body = liquid.replace(/\{%\s*schema\s*%\}[\s\S]*?\{%\s*endschema\s*%\}/, "");
  return [...body.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)].map((m) => {
    const [expr, ...filters] = m[1]!.split("|").map((x) => x.trim());
    return { expr: expr!, filters: filters.map((f) => f.split(/[\s:]/)[0]!), raw: m[0] };
  });
}

/**
 * Outputs of merchant-entered values that are not escaped. A value is merchant-entered when it is
 * `block.settings.*`, a snippet parameter the blocks fill from `block.settings.*`, or a variable assigned from
 * one of those.
 */
function unescapedSettings(liquid: string, tainted: Set<string>): string[] {
  const names = new Set(tainted);
  for (const m of liquid.matchAll(/assign\s+(\w+)\s*=\s*([\w.]+)/g)) if (names.has(m[2]!)) names.add(m[1]!);
  return outputs(liquid)
    .filter((o) => o.expr.startsWith("block.settings.") || names.has(o.expr))
    .filter((o) => !o.filters.includes("escape"))
    .map((o) => o.raw);
}

function lookup(obj: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

describe("theme app extension", () => {
  it("is a theme extension with an app block (section) and an app embed (body)", () => {
    expect(read("shopify.extension.toml")).toMatch(/^type = "theme"$/m);
    expect(schemaOf(read("blocks/opt-in.liquid")).target).toBe("section");
    expect(schemaOf(read("blocks/opt-in-embed.liquid")).target).toBe("body");
  });

  it("references only assets and snippets that exist", () => {
    for (const block of readdirSync(path.join(EXT, "blocks"))) {
      const liquid = read(`blocks/${block}`);
      const schema = schemaOf(liquid);
      for (const asset of [schema.javascript, schema.stylesheet].filter(Boolean) as string[])
        expect(existsSync(path.join(EXT, "assets", asset)), asset).toBe(true);
      for (const m of liquid.matchAll(/'([\w.-]+)'\s*\|\s*asset_url/g))
        expect(existsSync(path.join(EXT, "assets", m[1]!)), m[1]).toBe(true);
      for (const m of liquid.matchAll(/render\s+'([\w-]+)'/g))
        expect(existsSync(path.join(EXT, "snippets", `${m[1]}.liquid`)), m[1]).toBe(true);
    }
  });

  it("defines every translation key it uses, in English and Spanish, and every schema label", () => {
    const en = JSON.parse(read("locales/en.default.json"));
    const es = JSON.parse(read("locales/es.json"));
    const schema = JSON.parse(read("locales/en.default.schema.json"));
    const liquid = ["snippets/whatsapp-opt-in-form.liquid", "blocks/opt-in.liquid", "blocks/opt-in-embed.liquid"]
      .map(read)
      .join("\n");
    const keys = [...liquid.matchAll(/'(whatsapp_opt_in\.[\w.]+)'\s*\|\s*t\b/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      expect(typeof lookup(en, key), key).toBe("string");
      expect(typeof lookup(es, key), key).toBe("string");
    }
    for (const block of ["blocks/opt-in.liquid", "blocks/opt-in-embed.liquid"]) {
      const s = schemaOf(read(block));
      const labels = [
        s.name,
        ...s.settings.flatMap((x) => [x.label, (x as { info?: string }).info].filter(Boolean) as string[]),
      ];
      for (const label of labels.filter((l) => l.startsWith("t:")))
        expect(typeof lookup(schema, label.slice(2)), label).toBe("string");
    }
  });

  it("posts the phone, the consent box and the exact consent text to the app proxy path", () => {
    const toml = readFileSync(path.resolve(__dirname, "../../shopify.app.toml"), "utf8");
    const prefix = /^prefix = "([^"]+)"/m.exec(toml)![1];
    const subpath = /^subpath = "([^"]+)"/m.exec(toml)![1];
    const proxyUrl = /^url = "([^"]+)"/m.exec(toml.slice(toml.indexOf("[app_proxy]")))![1]!;
    const form = read("snippets/whatsapp-opt-in-form.liquid");
    expect(form).toContain(`action="/${prefix}/${subpath}/optin"`);
    expect(new URL(proxyUrl).pathname).toBe("/proxy");
    expect(existsSync(path.resolve(__dirname, "../../app/routes/proxy.optin.tsx"))).toBe(true);
    expect(form).toMatch(/name="phone"[\s\S]*type="tel"/);
    expect(form).toMatch(/type="checkbox" name="consent"/);
    const js = read("assets/whatsapp-opt-in.js");
    expect(js).toContain("wording:");
    expect(js).toContain('"Content-Type": "application/json"');
    for (const block of ["blocks/opt-in.liquid", "blocks/opt-in-embed.liquid"]) {
      const consent = schemaOf(read(block)).settings.find((s) => s.id === "consent_text");
      expect(String(consent?.default)).toMatch(/STOP/);
    }
  });

  it("names every block and embed in at most 25 characters, in every schema locale", () => {
    const locales = readdirSync(path.join(EXT, "locales")).filter((f) => f.endsWith(".schema.json"));
    expect(locales.length).toBeGreaterThan(0);
    for (const block of readdirSync(path.join(EXT, "blocks"))) {
      const { name } = schemaOf(read(`blocks/${block}`));
      const shown = name.startsWith("t:")
        ? locales.map((l) => lookup(JSON.parse(read(`locales/${l}`)), name.slice(2)))
        : [name];
      for (const n of shown) {
        expect(typeof n, `${block}: ${name}`).toBe("string");
        expect((n as string).length, `${block}: "${String(n)}"`).toBeLessThanOrEqual(MAX_BLOCK_NAME);
      }
    }
  });

  it("escapes every merchant setting it outputs, in the blocks and in the snippet they fill", () => {
    const tainted = new Set<string>();
    for (const block of readdirSync(path.join(EXT, "blocks"))) {
      const liquid = read(`blocks/${block}`);
      expect(unescapedSettings(liquid, new Set()), block).toEqual([]);
      for (const m of liquid.matchAll(/(\w+):\s*block\.settings\.\w+/g)) tainted.add(m[1]!);
    }
    expect(tainted).toContain("privacy_url");
    for (const snippet of readdirSync(path.join(EXT, "snippets")))
      expect(unescapedSettings(read(`snippets/${snippet}`), tainted), snippet).toEqual([]);
  });

  it("the escaping check can fail: it finds raw settings, raw parameters and values assigned from them", () => {
    expect(unescapedSettings(`<div class="{{ block.settings.position }}">`, new Set())).toHaveLength(1);
    expect(unescapedSettings(`{{ block.settings.accent | downcase }}`, new Set())).toHaveLength(1);
    expect(unescapedSettings(`<a href="{{ privacy_url }}">`, new Set(["privacy_url"]))).toHaveLength(1);
    expect(unescapedSettings(`{% assign x = heading | strip %}{{ x }}`, new Set(["heading"]))).toHaveLength(1);
    expect(unescapedSettings(`{{ block.settings.heading | escape }}`, new Set())).toEqual([]);
  });

  it("loads its script and stylesheet through the schema, never with script or link tags", () => {
    for (const block of readdirSync(path.join(EXT, "blocks"))) {
      const liquid = read(`blocks/${block}`);
      expect(liquid, block).not.toMatch(/<script\b|<link\b|stylesheet_tag|script_tag/);
      const schema = schemaOf(liquid);
      expect(schema.javascript, block).toBe("whatsapp-opt-in.js");
      expect(schema.stylesheet, block).toBe("whatsapp-opt-in.css");
    }
  });
});
