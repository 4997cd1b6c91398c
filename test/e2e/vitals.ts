// Core Web Vitals in Chromium: Google's web-vitals library (its IIFE build, injected before any page script)
// reports LCP, CLS and INP; a page is loaded as a landing page, then clicked once so INP has an interaction.
// Thresholds are Shopify's Built for Shopify ones: LCP ≤ 2.5 s, CLS ≤ 0.1, INP ≤ 200 ms.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ROOT } from "./harness";

export const THRESHOLDS = { lcp: 2500, cls: 0.1, inp: 200 };

export interface Vitals {
  path: string;
  lcp: number | null;
  cls: number;
  /** null when no interaction took 16 ms or more (the shortest web-vitals can observe): well under 200 ms */
  inp: number | null;
}

const LIBRARY = readFileSync(path.join(ROOT, "node_modules/web-vitals/dist/web-vitals.iife.js"), "utf8");
const RECORDER = `
  window.__vitals = { lcp: null, cls: 0, inp: null };
  webVitals.onLCP((m) => { window.__vitals.lcp = m.value; }, { reportAllChanges: true });
  webVitals.onCLS((m) => { window.__vitals.cls = m.value; }, { reportAllChanges: true });
  webVitals.onINP((m) => { window.__vitals.inp = m.value; }, { reportAllChanges: true, durationThreshold: 16 });
`;

export async function installVitals(context: BrowserContext) {
  await context.addInitScript({ content: `${LIBRARY}\n${RECORDER}` });
}

/**
 * Loads `url` fresh, waits for the page to settle, clicks its title (an interaction with no side effect; the
 * browser still runs the app's handlers and paints), and reads the three figures.
 */
export async function measure(page: Page, base: string, pathname: string): Promise<Vitals> {
  await page.goto(`${base}${pathname}`, { waitUntil: "networkidle" });
  const title = page.locator("h1").first();
  await title.waitFor();
  await title.click();
  await page.keyboard.press("Tab");
  await page.waitForTimeout(300);
  const v = await page.evaluate(
    () => (window as unknown as { __vitals: { lcp: number | null; cls: number; inp: number | null } }).__vitals,
  );
  return { path: pathname, lcp: v.lcp, cls: v.cls, inp: v.inp };
}

export function withinThresholds(v: Vitals): boolean {
  return (v.lcp ?? 0) <= THRESHOLDS.lcp && v.cls <= THRESHOLDS.cls && (v.inp ?? 0) <= THRESHOLDS.inp;
}

export function vitalsTable(rows: Vitals[]): string {
  const ms = (x: number | null) => (x === null ? "< 16 ms" : `${Math.round(x)} ms`);
  return [
    "| Page | LCP | CLS | INP |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| \`${r.path}\` | ${ms(r.lcp)} | ${r.cls.toFixed(3)} | ${ms(r.inp)} |`),
  ].join("\n");
}
