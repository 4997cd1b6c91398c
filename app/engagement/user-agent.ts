// Who opened a message link, from its User-Agent. Link previewers and crawlers fetch the URL without a person
// behind them (WhatsApp itself fetches a link to draw its preview card), so they never count as a click. The
// list (docs/engagement.md "Bots and previewers"): WhatsApp's previewer ("WhatsApp/2.23.20.0 A"), Facebook's
// (facebookexternalhit, Facebot), Slackbot, Twitterbot, TelegramBot, Discordbot, Googlebot, bingbot, and any
// agent naming itself a bot, crawler, spider or preview (not the Cubot phone brand), and headless Chrome. A missing or empty User-Agent is no browser either.
// Shared by the browser (the storefront beacon has its own copy in plain JS) and the server: no server imports.

const BOT_PATTERN =
  /^WhatsApp\/|facebookexternalhit|facebot|slackbot|twitterbot|telegrambot|discordbot|googlebot|bingbot|(?<!cu)bot|crawler|spider|preview|headlesschrome/i;

/** True for link previewers, crawlers and anything without a User-Agent: not a person's click. */
export function isBot(userAgent: string | null | undefined): boolean {
  const ua = userAgent?.trim();
  if (!ua) return true;
  return BOT_PATTERN.test(ua);
}

export type UaClass = "mobile" | "desktop" | "other";

/** A coarse device class kept with a click (the User-Agent itself is not stored). */
export function uaClass(userAgent: string | null | undefined): UaClass {
  const ua = userAgent ?? "";
  if (/Mobi|Android|iPhone|iPad|iPod/i.test(ua)) return "mobile";
  if (/Windows NT|Macintosh|X11|CrOS/i.test(ua)) return "desktop";
  return "other";
}
