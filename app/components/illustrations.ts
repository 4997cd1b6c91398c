// Empty-state illustrations, inlined as SVG data URIs: no extra request (nothing to wait for on first paint)
// and no dependency on Shopify's CDN, which the demo cannot reach.
function svg(body: string): string {
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 160" width="240" height="160">${body}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(doc)}`;
}

const GROUND = `<ellipse cx="120" cy="140" rx="90" ry="10" fill="#e3e3e3"/>`;

/** A magnifier over an empty page: nothing found. */
export const EMPTY_SEARCH = svg(
  `${GROUND}<rect x="62" y="24" width="96" height="112" rx="8" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/>` +
    `<rect x="78" y="44" width="64" height="8" rx="4" fill="#d4d4d4"/><rect x="78" y="62" width="48" height="8" rx="4" fill="#d4d4d4"/>` +
    `<circle cx="150" cy="98" r="22" fill="#fff" stroke="#25d366" stroke-width="6"/><path d="M166 114l18 18" stroke="#25d366" stroke-width="8" stroke-linecap="round"/>`,
);

/** People in a group: segments and contacts. */
export const EMPTY_PEOPLE = svg(
  `${GROUND}<circle cx="90" cy="62" r="18" fill="#c9f2d9"/><rect x="64" y="84" width="52" height="46" rx="22" fill="#c9f2d9"/>` +
    `<circle cx="150" cy="56" r="22" fill="#25d366"/><rect x="118" y="82" width="64" height="54" rx="26" fill="#25d366"/>`,
);

/** A chat bubble with a paper plane: campaigns and templates. */
export const EMPTY_MESSAGE = svg(
  `${GROUND}<rect x="40" y="30" width="120" height="78" rx="16" fill="#c9f2d9"/><path d="M70 108l-6 22 26-22z" fill="#c9f2d9"/>` +
    `<rect x="58" y="52" width="84" height="8" rx="4" fill="#fff"/><rect x="58" y="72" width="56" height="8" rx="4" fill="#fff"/>` +
    `<path d="M150 70l60-26-22 66-14-22-24-18z" fill="#25d366"/>`,
);
