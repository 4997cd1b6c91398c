// graphql-js reports errors in its own words; Shopify's Admin API (graphql-ruby) uses other messages and an
// `extensions.code`. Clients (and our tests) match on those, so translate the common ones.
import { Kind, visit, type ASTNode, type DocumentNode, type GraphQLError } from "graphql";

export interface ShopifyGraphQLError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

const RULES: Array<[RegExp, (m: RegExpExecArray) => { message: string; extensions: Record<string, unknown> }]> = [
  [
    /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    }),
  ],
  [
    /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\./,
    (m) => ({
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] },
    }),
  ],
  [
    /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\./,
    (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    }),
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[![\]]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/[![\]]/g, "") },
    }),
  ],
  [
    /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./,
    (m) => ({
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2].replace(/[![\]]/g, "")} but has selections)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/[![\]]/g, "") },
    }),
  ],
  [
    /^Variable "\$([^"]+)" of (?:required |non-null )?type "([^"]+)"/,
    (m) => ({
      message: `Variable $${m[1]} of type ${m[2]} was provided invalid value`,
      extensions: { code: "variableMismatch", value: null, problems: [] },
    }),
  ],
  [
    // graphql-js: Variable "$input" got invalid value "X" at "input.a.b"; Value "X" does not exist in "E" enum.
    /^Variable "\$([^"]+)" got invalid value (.*?)(?: at "[^".]+\.?([^"]*)")?; (.*)$/s,
    (m) => ({
      message: `Variable $${m[1]} was provided invalid value${m[3] ? ` for ${m[3]}` : ""} (${m[4]!.replace(/\.$/, "")})`,
      extensions: {
        code: "variableMismatch",
        problems: [{ path: m[3] ? m[3].split(".") : [], explanation: m[4]!.replace(/\.$/, "") }],
      },
    }),
  ],
  [/^Syntax Error: (.*)$/s, (m) => ({ message: `Parse error: ${m[1]}`, extensions: { code: "parseError" } })],
];

/** The argument and field an invalid literal sits in (graphql-js names only the value; graphql-ruby names both). */
function argumentOf(doc: DocumentNode, value: ASTNode): { argument: string; field: string } | null {
  let found: { argument: string; field: string } | null = null;
  visit(doc, {
    Argument(node, _key, _parent, _path, ancestors) {
      if (found || !node.value.loc || !value.loc) return;
      if (value.loc.start < node.value.loc.start || value.loc.end > node.value.loc.end) return;
      const field = [...ancestors].reverse().find((a) => (a as ASTNode).kind === Kind.FIELD) as
        { name: { value: string } } | undefined;
      found = { argument: node.name.value, field: field?.name.value ?? "" };
    },
  });
  return found;
}

export function shopifyError(err: GraphQLError, doc?: DocumentNode): ShopifyGraphQLError {
  const out: ShopifyGraphQLError = { message: err.message };
  const literal = /^Value "([^"]+)" does not exist in "([^"]+)" enum\./.exec(err.message);
  if (literal && doc && err.nodes?.[0]) {
    const at = argumentOf(doc, err.nodes[0]);
    if (at) {
      if (err.locations?.length) out.locations = err.locations.map((l) => ({ line: l.line, column: l.column }));
      out.message = `Argument '${at.argument}' on Field '${at.field}' has an invalid value (${literal[1]}). Expected type '${literal[2]}'.`;
      out.extensions = { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: at.argument };
      return out;
    }
  }
  if (err.locations?.length) out.locations = err.locations.map((l) => ({ line: l.line, column: l.column }));
  if (err.path?.length) out.path = [...err.path];
  for (const [re, make] of RULES) {
    const m = re.exec(err.message);
    if (m) {
      const t = make(m);
      out.message = t.message;
      out.extensions = t.extensions;
      return out;
    }
  }
  // Resolver failures: Shopify hides internals behind INTERNAL_SERVER_ERROR.
  if (err.originalError && !(err.originalError as { shopifyMessage?: boolean }).shopifyMessage) {
    out.extensions = { code: "INTERNAL_SERVER_ERROR" };
  }
  return out;
}
