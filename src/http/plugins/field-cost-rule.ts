// A validation rule that prices expensive fields: graphql-armor's cost counts
// objects and scalars, so 30 aliased `searchFiles` cost as little as 30 tiny
// lookups, while each walks the project tree and reads files. Each such field
// adds its price here, against the same GRAPHQL_MAX_COST budget (a tally of
// its own: armor's figure is not exposed to other rules).
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export interface FieldCostOptions {
  /** Price per selection of a field, keyed `Type.field` (`Query.searchFiles`). */
  costs: Readonly<Record<string, number>>;
  maxCost: number;
  onReject: (context: ValidationContext, error: GraphQLError) => void;
}

export function fieldCostRule(options: FieldCostOptions) {
  return (context: ValidationContext): ASTVisitor => {
    let total = 0;
    const counted: string[] = [];
    return {
      Field(node) {
        const parent = context.getParentType();
        if (!parent) return;
        const key = `${parent.name}.${node.name.value}`;
        const cost = options.costs[key];
        if (cost === undefined) return;
        total += cost;
        counted.push(key);
      },
      Document: {
        leave() {
          if (total <= options.maxCost) return;
          const fields = [...new Set(counted)].join(', ');
          options.onReject(
            context,
            new GraphQLError(
              `Query Cost limit of ${options.maxCost} exceeded, found ${total} (${counted.length} × ${fields}).`,
            ),
          );
        },
      },
    };
  };
}
