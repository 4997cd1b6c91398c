// Shopify search syntax on a root connection (`query: "updated_at:>='2025-01-01T00:00:00Z' test:false"`).
// Enough for incremental syncs: comparisons on dates, numbers and strings, `tag:`, `id:`. Terms naming a
// field the node does not carry are ignored, as Shopify ignores unknown search fields.

interface Term {
  field: string;
  op: ">=" | "<=" | ">" | "<" | "=";
  value: string;
  negate: boolean;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseSearch(query: string | null | undefined): Term[] {
  if (!query) return [];
  const tokens = query.match(/-?[\w.]+:(?:>=|<=|>|<)?(?:'[^']*'|"[^"]*"|\S+)|\S+/g) ?? [];
  const terms: Term[] = [];
  let negateNext = false;
  for (const tok of tokens) {
    if (tok === "AND") continue;
    if (tok === "NOT") {
      negateNext = true;
      continue;
    }
    const m = /^(-?)([\w.]+):(>=|<=|>|<)?(.*)$/.exec(tok);
    if (!m) continue; // free text: not simulated
    let value = m[4]!;
    if ((value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"')))
      value = value.slice(1, -1);
    terms.push({ field: m[2]!, op: (m[3] as Term["op"]) ?? "=", value, negate: m[1] === "-" || negateNext });
    negateNext = false;
  }
  return terms;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

function compare(a: number, b: number, op: Term["op"]): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
    default:
      return a === b;
  }
}

function legacyId(gid: unknown): bigint | null {
  const m = typeof gid === "string" ? /\/(\d+)$/.exec(gid) : null;
  return m ? BigInt(m[1]!) : null;
}

function matchTerm(node: any, t: Term): boolean | null {
  if (t.field === "id") {
    const id = legacyId(node.id);
    if (id === null || !/^\d+$/.test(t.value)) return null;
    const v = BigInt(t.value);
    return t.op === "=" ? id === v : t.op === ">=" ? id >= v : t.op === "<=" ? id <= v : t.op === ">" ? id > v : id < v;
  }
  if (t.field === "tag") {
    if (!Array.isArray(node.tags)) return null;
    return node.tags.some((x: string) => x.toLowerCase() === t.value.toLowerCase());
  }
  const actual = node[camel(t.field)];
  if (actual === undefined) return null;
  if (actual === null) return false;
  if (DATE_LIKE.test(t.value) && typeof actual === "string" && DATE_LIKE.test(actual)) {
    return compare(Date.parse(actual), Date.parse(t.value), t.op);
  }
  if (typeof actual === "number" && !Number.isNaN(Number(t.value))) return compare(actual, Number(t.value), t.op);
  if (typeof actual === "boolean") return t.op === "=" ? String(actual) === t.value.toLowerCase() : null;
  return t.op === "=" ? String(actual).toLowerCase() === t.value.toLowerCase() : null;
}

export function matchesSearch(node: any, terms: Term[]): boolean {
  for (const t of terms) {
    const r = matchTerm(node, t);
    if (r === null) continue;
    if (r === t.negate) return false;
  }
  return true;
}
