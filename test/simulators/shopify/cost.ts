// Query cost and the per-shop leaky bucket of the Admin GraphQL API (apis.md B9): scalars and enums cost 0,
// objects 1, connections 2 + first × (cost of one node), each mutation root field 10. The requested
// (worst-case) cost must be available up front; after execution the difference to the actual cost, computed
// from the returned page sizes, is refunded.
import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from "graphql";

export const MAX_SINGLE_QUERY_COST = 1000;
export const MUTATION_COST = 10;

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argValue(field: FieldNode, name: string, vars: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, vars) : undefined;
}

function fieldsOf(type: GraphQLCompositeType): Record<string, any> {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}

/** Cost of a selection set on `type`; with `data` the actual cost (real page sizes, null objects free). */
function selectionCost(ctx: Ctx, set: SelectionSetNode, type: GraphQLCompositeType, data: any): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const t = sel.typeCondition ? (ctx.schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : type;
      if (t) total += selectionCost(ctx, sel.selectionSet, t, data);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = ctx.fragments[sel.name.value];
      const t = frag && (ctx.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType);
      if (frag && t) total += selectionCost(ctx, frag.selectionSet, t, data);
      continue;
    }
    const def = fieldsOf(type)[sel.name.value];
    if (!def || !sel.selectionSet) continue; // scalars, enums, __typename
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) continue;
    const value = data === undefined ? undefined : data?.[sel.alias?.value ?? sel.name.value];
    if (named.name.endsWith("Connection")) {
      total += connectionCost(ctx, sel, named, value);
    } else if (data !== undefined && (value === null || value === undefined)) {
      continue;
    } else {
      const one = Array.isArray(value) ? value[0] : value;
      total += 1 + selectionCost(ctx, sel.selectionSet, named, one === undefined && data !== undefined ? null : one);
    }
  }
  return total;
}

function connectionCost(ctx: Ctx, field: FieldNode, connType: GraphQLCompositeType, value: any): number {
  const requested = Number(argValue(field, "first", ctx.variables) ?? argValue(field, "last", ctx.variables) ?? 0);
  const nodeType = getNamedType(fieldsOf(connType)["nodes"]?.type) as GraphQLCompositeType | undefined;
  let perNode = 1;
  let count = requested;
  if (value !== undefined) count = value === null ? 0 : (value.edges?.length ?? value.nodes?.length ?? 0);
  if (nodeType) {
    for (const sel of field.selectionSet!.selections) {
      if (sel.kind !== Kind.FIELD) continue;
      if (sel.name.value === "nodes" && sel.selectionSet) {
        perNode = Math.max(
          perNode,
          1 +
            selectionCost(
              ctx,
              sel.selectionSet,
              nodeType,
              value === undefined ? undefined : (value?.nodes?.[0] ?? null),
            ),
        );
      }
      if (sel.name.value === "edges" && sel.selectionSet) {
        for (const inner of sel.selectionSet.selections) {
          if (inner.kind === Kind.FIELD && inner.name.value === "node" && inner.selectionSet) {
            const sample = value === undefined ? undefined : (value?.edges?.[0]?.node ?? null);
            perNode = Math.max(perNode, 1 + selectionCost(ctx, inner.selectionSet, nodeType, sample));
          }
        }
      }
    }
  }
  return 2 + count * perNode;
}

export function queryCost(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: any,
): number {
  const ctx: Ctx = { schema, fragments, variables };
  if (op.operation === "mutation") {
    return (
      op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value !== "__typename").length *
      MUTATION_COST
    );
  }
  const root = schema.getQueryType()!;
  return selectionCost(ctx, op.selectionSet, root, data === undefined ? undefined : (data ?? null));
}

/** Per-shop bucket: fills at restoreRate points/s up to maximumAvailable. */
export class LeakyBucket {
  private available: number;
  private last = Date.now();
  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
  ) {
    this.available = maximumAvailable;
  }
  private refill() {
    const now = Date.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.last) / 1000) * this.restoreRate);
    this.last = now;
  }
  currentlyAvailable(): number {
    this.refill();
    return Math.floor(this.available);
  }
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }
  refund(points: number) {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }
  throttleStatus() {
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: this.currentlyAvailable(),
      restoreRate: this.restoreRate,
    };
  }
}
