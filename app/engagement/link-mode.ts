// How the clicks on a template's URL button are counted — decided per button from its approved URL, whose base
// Meta fixes at approval and only whose {{1}} ending we fill (docs/engagement.md "Which way a template is tracked"):
// - "embed": the button opens the store; the storefront app embed reports the visit through the app proxy;
// - "redirect": the button's base is our link address (<link origin>/l/{{1}}); {{1}} is the recipient's signed
//   short ref and our redirect counts the click, then sends the customer on to the store;
// - "none": no way to put a recipient reference in the link (fixed URL, or our domain but not /l/).
// Shared by the browser (Templates page) and the server (renderer, redirect): no server imports.
import { component, placeholdersOf, PLACEHOLDER, type TemplateLike } from "../whatsapp/mapping-slots";

export const REDIRECT_PATH = "/l/";

export type ClickTracking = { mode: "embed"; host: string } | { mode: "redirect" } | { mode: "none"; reason: string };

export interface UrlButton {
  index: number;
  text: string;
  url: string;
  tracking: ClickTracking;
}

function originOf(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The way a URL button with this approved URL is tracked, given our link origin (LINK_BASE_URL). */
export function clickTrackingFor(urlTemplate: string | null | undefined, linkOrigin: string | null): ClickTracking {
  const url = (urlTemplate ?? "").trim();
  if (!placeholdersOf(url).length)
    return {
      mode: "none",
      reason:
        "The link is fixed in the approved template (it has no {{1}} ending), so it cannot carry who clicked. Add a variable ending to the button URL in WhatsApp Manager to count clicks.",
    };
  const prefix = url.split(PLACEHOLDER)[0] ?? "";
  const parsed = originOf(url.replace(PLACEHOLDER, "x"));
  // The variable part must come after the address of the site: "https://{{1}}" could be anywhere.
  if (!parsed || !/^https?:\/\/[^/?#]+[/?#]/.test(prefix))
    return {
      mode: "none",
      reason: "The variable part of this link is in the web address itself, so we cannot tell where it leads.",
    };
  const ours = originOf(linkOrigin);
  if (ours && parsed.host.toLowerCase() === ours.host.toLowerCase()) {
    const base = originOf(prefix);
    // The host's case does not matter; the path must be exactly /l/ with {{1}} right after it.
    if (base && base.origin === ours.origin && base.pathname === REDIRECT_PATH && prefix.endsWith(REDIRECT_PATH))
      return { mode: "redirect" };
    return {
      mode: "none",
      reason: `The link points at this app but not at its link address ${ours.origin}${REDIRECT_PATH}{{1}}.`,
    };
  }
  return { mode: "embed", host: parsed.host.toLowerCase() };
}

/** Every URL button of a template (fixed or with a variable ending) and how its clicks are counted. */
export function urlButtons(t: TemplateLike, linkOrigin: string | null): UrlButton[] {
  const out: UrlButton[] = [];
  (component(t, "BUTTONS")?.buttons ?? []).forEach((b, index) => {
    if (String(b.type).toUpperCase() !== "URL") return;
    out.push({ index, text: b.text ?? "Link", url: b.url ?? "", tracking: clickTrackingFor(b.url, linkOrigin) });
  });
  return out;
}
