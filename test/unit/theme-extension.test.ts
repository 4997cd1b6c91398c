// The storefront opt-in theme app extension is well formed: each block's schema parses with the right target,
// every asset and snippet it references exists, every translation key it uses is defined, and it posts to
// the app proxy path shopify.app.toml declares (served by app/routes/proxy.optin.tsx).
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
    settings: Array<{ id: string; type: string; label: string; default?: unknown }>;
  };
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
});
