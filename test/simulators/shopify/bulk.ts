// Bulk query operations (apis.md B5): the inner query is validated the way Shopify validates it, then
// evaluated over the store's async iterables, whatever fields it selects, and streamed to a JSONL file.
// Nested connection items become their own lines with "__parentId"; non-connection objects stay inline.
import { createWriteStream } from "node:fs";
import {
  Kind,
  parse,
  validate,
  valueFromASTUntyped,
  type GraphQLSchema,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionNode,
} from "graphql";
import { shopifyError } from "./errors";
import { matchesSearch, parseSearch } from "./search";
import type { StoreData } from "./types";

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "OPERATION_IN_PROGRESS" | "LIMIT_REACHED";
}

const MAX_CONNECTIONS = 5;
const MAX_DEPTH = 2;

/** A compiled selection: what to pick from each node. */
export interface FieldPlan {
  key: string;
  name: string;
  args: Record<string, unknown>;
  kind: "scalar" | "typename" | "object" | "connection";
  onType?: string;
  children?: FieldPlan[]; // object: its fields; connection: the node's fields
}

export interface BulkPlan {
  rootField: string;
  rootArgs: Record<string, unknown>;
  nodeFields: FieldPlan[];
}

type Fragments = Record<string, FragmentDefinitionNode>;

function flatten(
  selections: readonly SelectionNode[],
  fragments: Fragments,
  onType?: string,
): Array<{ field: FieldNode; onType?: string }> {
  const out: Array<{ field: FieldNode; onType?: string }> = [];
  for (const s of selections) {
    if (s.kind === Kind.FIELD) out.push({ field: s, onType });
    else if (s.kind === Kind.INLINE_FRAGMENT)
      out.push(...flatten(s.selectionSet.selections, fragments, s.typeCondition?.name.value ?? onType));
    else {
      const f = fragments[s.name.value];
      if (f) out.push(...flatten(f.selectionSet.selections, fragments, f.typeCondition.name.value));
    }
  }
  return out;
}

const children = (f: FieldNode, fr: Fragments) =>
  f.selectionSet ? flatten(f.selectionSet.selections, fr).map((x) => x.field) : [];
const child = (f: FieldNode, name: string, fr: Fragments) => children(f, fr).find((c) => c.name.value === name);

function isConnection(f: FieldNode, fr: Fragments): boolean {
  return !!(child(f, "edges", fr) || child(f, "nodes", fr));
}

function edgesNode(f: FieldNode, fr: Fragments): FieldNode | undefined {
  const edges = child(f, "edges", fr);
  return edges ? child(edges, "node", fr) : undefined;
}

interface Analysis {
  connections: number;
  depth: number;
  viaNodes: string[];
  withoutParentId: string[];
}

function analyze(f: FieldNode, fr: Fragments, depth: number, a: Analysis) {
  if (isConnection(f, fr)) {
    const d = depth + 1;
    a.connections++;
    a.depth = Math.max(a.depth, d);
    const node = edgesNode(f, fr);
    if (!node || child(f, "nodes", fr)) {
      if (!a.viaNodes.includes(f.name.value)) a.viaNodes.push(f.name.value);
    }
    for (const n of [node, child(f, "nodes", fr)]) {
      if (!n) continue;
      const kids = children(n, fr);
      const hasId = kids.some((k) => k.name.value === "id" && !k.alias);
      if (!hasId && containsConnection(n, fr) && !a.withoutParentId.includes(f.name.value))
        a.withoutParentId.push(f.name.value);
      for (const k of kids) analyze(k, fr, d, a);
    }
  } else {
    for (const k of children(f, fr)) analyze(k, fr, depth, a);
  }
}

function containsConnection(f: FieldNode, fr: Fragments): boolean {
  return children(f, fr).some((c) => isConnection(c, fr) || containsConnection(c, fr));
}

const invalid = (message: string): BulkUserError => ({ field: ["query"], message, code: "INVALID" });

/**
 * Validates the inner query as Shopify does — first against the Admin schema of the request's version (field
 * names, arguments, enum values, types), then the bulk rules — and compiles it; errors use Shopify's messages
 * (userErrors with code INVALID on field ["query"]).
 */
export function compileBulkQuery(
  query: string,
  schema: GraphQLSchema,
): { plan: BulkPlan } | { errors: BulkUserError[] } {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (err) {
    return { errors: [invalid(`Invalid bulk query: ${(err as Error).message.replace(/^Syntax Error: /, "")}`)] };
  }
  const schemaErrors = validate(schema, doc);
  if (schemaErrors.length)
    return { errors: schemaErrors.map((e) => invalid(`Invalid bulk query: ${shopifyError(e, doc).message}`)) };
  const fragments: Fragments = {};
  const ops = [];
  for (const d of doc.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    else if (d.kind === Kind.OPERATION_DEFINITION) ops.push(d);
  }
  if (ops.length !== 1)
    return { errors: [invalid("Invalid bulk query: the document must contain exactly one operation.")] };
  if (ops[0]!.operation !== "query")
    return {
      errors: [
        invalid("Invalid bulk query: only query operations are supported; use bulkOperationRunMutation for mutations."),
      ],
    };
  const roots = flatten(ops[0]!.selectionSet.selections, fragments).map((x) => x.field);
  const errors: BulkUserError[] = [];
  if (roots.some((r) => r.name.value === "node"))
    errors.push(invalid("Bulk queries cannot contain a top level `node` field."));
  const a: Analysis = { connections: 0, depth: -1, viaNodes: [], withoutParentId: [] };
  for (const r of roots) analyze(r, fragments, -1, a);
  if (a.connections > MAX_CONNECTIONS) errors.push(invalid("Bulk queries cannot contain more than 5 connections."));
  if (a.depth > MAX_DEPTH)
    errors.push(invalid("Bulk queries cannot contain connections with a nesting depth greater than 2."));
  if (a.viaNodes.length) {
    errors.push(
      invalid(
        `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${a.viaNodes[0]} { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: ${a.viaNodes.map((n) => `'${n}'`).join(", ")}.`,
      ),
    );
  }
  if (a.withoutParentId.length) {
    errors.push(
      invalid(
        `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${a.withoutParentId.join(", ")}.`,
      ),
    );
  }
  if (a.connections === 0) errors.push(invalid("Bulk queries must contain at least one connection."));
  if (!errors.length && roots.length !== 1)
    errors.push(invalid("Bulk queries must contain exactly one top-level field."));
  if (!errors.length && !isConnection(roots[0]!, fragments))
    errors.push(invalid("Bulk queries must contain exactly one top-level connection field."));
  if (errors.length) return { errors };

  const root = roots[0]!;
  const node = edgesNode(root, fragments)!;
  return {
    plan: {
      rootField: root.name.value,
      rootArgs: args(root),
      nodeFields: compileFields(node, fragments),
    },
  };
}

function args(f: FieldNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of f.arguments ?? []) out[a.name.value] = valueFromASTUntyped(a.value, {});
  return out;
}

function compileFields(f: FieldNode, fr: Fragments): FieldPlan[] {
  if (!f.selectionSet) return [];
  return flatten(f.selectionSet.selections, fr).map(({ field, onType }) => {
    const plan: FieldPlan = {
      key: field.alias?.value ?? field.name.value,
      name: field.name.value,
      args: args(field),
      kind: "scalar",
      onType,
    };
    if (field.name.value === "__typename") plan.kind = "typename";
    else if (field.selectionSet && isConnection(field, fr)) {
      plan.kind = "connection";
      plan.children = compileFields(edgesNode(field, fr)!, fr);
    } else if (field.selectionSet) {
      plan.kind = "object";
      plan.children = compileFields(field, fr);
    }
    return plan;
  });
}

// Abstract types a fragment may name; a concrete type that differs from the node's type is skipped.
const INTERFACES = new Set([
  "Node",
  "DiscountApplication",
  "HasMetafields",
  "HasEvents",
  "LegacyInteroperability",
  "Publishable",
  "Sale",
  "SalesAgreement",
  "Navigable",
  "HasPublishedTranslations",
  "CommentEventSubject",
]);

export function typeName(data: any): string | null {
  if (data && typeof data.__typename === "string") return data.__typename;
  const m = data && typeof data.id === "string" ? /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(data.id) : null;
  return m ? m[1]! : null;
}

function read(data: any, f: FieldPlan): any {
  const v = data[f.name];
  return typeof v === "function" ? v.call(data, f.args) : v;
}

/** Items of a nested connection, whichever way the fixture spelled it. */
export function connectionItems(v: any): any[] {
  if (!v) return [];
  if (Array.isArray(v)) return v;
  if (Array.isArray(v.edges)) return v.edges.map((e: any) => e?.node);
  if (Array.isArray(v.nodes)) return v.nodes;
  return [];
}

interface Pending {
  plan: FieldPlan;
  items: any[];
  parentId: string | null;
}

function project(data: any, fields: FieldPlan[], pending: Pending[], parentId: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const tn = typeName(data);
  const ownId = typeof data.id === "string" ? data.id : parentId;
  for (const f of fields) {
    if (f.onType && tn && f.onType !== tn && !INTERFACES.has(f.onType)) continue;
    switch (f.kind) {
      case "typename":
        out[f.key] = tn;
        break;
      case "scalar": {
        const v = read(data, f);
        out[f.key] = v === undefined ? null : typeof v === "bigint" ? v.toString() : v;
        break;
      }
      case "object": {
        const v = read(data, f);
        if (v === null || v === undefined) out[f.key] = null;
        else if (Array.isArray(v))
          out[f.key] = v.map((x) => (x === null || x === undefined ? null : project(x, f.children!, pending, ownId)));
        else out[f.key] = project(v, f.children!, pending, ownId);
        break;
      }
      case "connection":
        pending.push({ plan: f, items: connectionItems(read(data, f)), parentId: ownId });
        break;
    }
  }
  return out;
}

/** JSONL lines of one root node: the node first, then each nested connection item followed by its own children. */
export function linesForNode(node: any, plan: BulkPlan): string[] {
  const lines: string[] = [];
  const emit = (data: any, fields: FieldPlan[], parentId: string | null) => {
    const pending: Pending[] = [];
    const obj = project(data, fields, pending, parentId);
    if (parentId !== null) obj.__parentId = parentId;
    lines.push(JSON.stringify(obj));
    for (const p of pending) for (const item of p.items) if (item) emit(item, p.plan.children!, p.parentId);
  };
  const pending: Pending[] = [];
  lines.push(JSON.stringify(project(node, plan.nodeFields, pending, null)));
  for (const p of pending) for (const item of p.items) if (item) emit(item, p.plan.children!, p.parentId);
  return lines;
}

export function rootIterable(store: StoreData, field: string): (() => AsyncIterable<any>) | null {
  switch (field) {
    case "customers":
      return store.customers;
    case "products":
      return store.products;
    case "orders":
      return store.orders;
    case "collections":
      return store.collections ?? null;
    default:
      return null;
  }
}

export interface BulkRunControl {
  groupObjects: boolean;
  cancelled: () => boolean;
  /** stop writing after this many complete lines and fail (failNextBulkOperation) */
  failAfterLines?: number;
  /** cut the file in the middle of this 1-based line (truncateNextBulkFile) */
  truncateAtLine?: number;
  /** map applied to each root node before projection (consent changes recorded by the simulator) */
  overlay?: (node: any) => any;
  onProgress: (objects: number, roots: number) => void;
}

export interface BulkRunResult {
  outcome: "completed" | "failed" | "canceled";
  objectCount: number;
  rootObjectCount: number;
  bytes: number;
  linesWritten: number;
}

/**
 * Streams the result to `file`, never holding more than a few root groups in memory: writes wait for the
 * stream to drain, and the loop yields to the event loop so the simulator keeps answering polls.
 */
export async function runBulkQuery(
  store: StoreData,
  plan: BulkPlan,
  file: string,
  ctl: BulkRunControl,
): Promise<BulkRunResult> {
  const source = rootIterable(store, plan.rootField)!;
  const terms = parseSearch(typeof plan.rootArgs.query === "string" ? plan.rootArgs.query : null);
  const out = createWriteStream(file);
  const streamError = new Promise<never>((_, reject) => out.once("error", reject));
  streamError.catch(() => undefined);
  let buffer = "";
  let bytes = 0;
  let objects = 0;
  let roots = 0;
  let written = 0;
  let stopWriting = false;
  let failed = false;

  const flush = async () => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = "";
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once("drain", () => r())), streamError]);
  };
  const writeLine = async (line: string) => {
    objects++;
    if (stopWriting) return;
    if (ctl.failAfterLines !== undefined && written >= ctl.failAfterLines) {
      stopWriting = true;
      failed = true;
      return;
    }
    if (ctl.truncateAtLine !== undefined && written + 1 === ctl.truncateAtLine) {
      buffer += line.slice(0, Math.max(1, Math.floor(line.length / 2)));
      written++;
      stopWriting = true;
      return;
    }
    buffer += line + "\n";
    written++;
    if (buffer.length > 1 << 16) await flush();
  };

  // groupObjects: false — children of a root are held back for a few more roots, then written in order,
  // so they still follow their parent but not necessarily right after it.
  const delayed: Array<{ due: number; lines: string[] }> = [];
  const releaseDue = async (now: number) => {
    while (delayed.length && delayed[0]!.due <= now) for (const l of delayed.shift()!.lines) await writeLine(l);
  };

  let canceled = false;
  for await (const raw of source()) {
    if (ctl.cancelled()) {
      canceled = true;
      break;
    }
    if (failed) break;
    if (!matchesSearch(raw, terms)) continue;
    const node = ctl.overlay ? ctl.overlay(raw) : raw;
    const lines = linesForNode(node, plan);
    roots++;
    if (ctl.groupObjects) {
      for (const l of lines) await writeLine(l);
    } else {
      await writeLine(lines[0]!);
      if (lines.length > 1) delayed.push({ due: roots + Math.floor(Math.random() * 4), lines: lines.slice(1) });
      await releaseDue(roots);
    }
    if (roots % 500 === 0) {
      ctl.onProgress(objects, roots);
      await new Promise((r) => setImmediate(r));
    }
  }
  if (!canceled && !failed) await releaseDue(Infinity);
  if (ctl.failAfterLines !== undefined && !canceled) failed = true;
  await flush();
  await Promise.race([new Promise<void>((r) => out.end(() => r())), streamError]);
  ctl.onProgress(objects, roots);
  return {
    outcome: canceled ? "canceled" : failed ? "failed" : "completed",
    objectCount: failed ? written : objects,
    rootObjectCount: roots,
    bytes,
    linesWritten: written,
  };
}
