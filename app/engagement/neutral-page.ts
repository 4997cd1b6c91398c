// What a message link that names no store shows: a plain page (no app chrome, nothing about which stores use
// the app), 404 so that nothing indexes or caches it as content.
export function neutralLinkPage(): Response {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><title>Link not available</title></head>' +
    '<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">' +
    "<h1>This link is not available</h1><p>It may have been copied incompletely. Open the store from the message again, or visit it directly.</p>" +
    "</body></html>";
  return new Response(html, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}
