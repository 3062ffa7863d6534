// Inputs that carry secrets (a secret's value, a .env value) are marked in the
// schema with `extensions: secretInput` (src/schema/secret-input.ts).
// An error about such an input must not repeat the value: graphql-js prints
// the offending value in variable coercion errors ("Variable "$v" got invalid
// value [...]") and in literal validation errors, and both would reach the
// client and the logs. This finds where a document feeds secret inputs.
import {
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type Source,
} from 'graphql';
import { isSecretInput } from '../schema/secret-input.ts';

export interface SecretInputUse {
  /** Variables whose value ends up in a secret input. */
  variables: Set<string>;
  /** Character ranges of literal values given to secret inputs. */
  literals: Array<{ start: number; end: number }>;
}

/** Where an already parsed `source` feeds secret inputs; undefined if it does not parse. */
export function secretInputUseOf(
  schema: GraphQLSchema,
  source: Source,
): SecretInputUse | undefined {
  try {
    return secretInputUse(schema, parse(source));
  } catch {
    return undefined;
  }
}

/** Where `document` feeds secret inputs. */
export function secretInputUse(schema: GraphQLSchema, document: DocumentNode): SecretInputUse {
  const use: SecretInputUse = { variables: new Set(), literals: [] };
  const typeInfo = new TypeInfo(schema);
  const mark = (value: ASTNode) => {
    if (value.kind === Kind.VARIABLE) use.variables.add(value.name.value);
    else if (value.loc) use.literals.push({ start: value.loc.start, end: value.loc.end });
    // Variables nested in a literal list or object given to a secret input.
    visit(value, { Variable: (node) => void use.variables.add(node.name.value) });
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (isSecretInput(typeInfo.getArgument()?.extensions)) mark(node.value);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const fields = parent && 'getFields' in parent ? parent.getFields() : undefined;
        if (isSecretInput(fields?.[node.name.value]?.extensions)) mark(node.value);
      },
    }),
  );
  return use;
}
