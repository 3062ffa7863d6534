// Validation errors about a literal given to a secret input ("String cannot
// represent a non string value: [\"…\"]") are reworded so that they do not
// repeat the value. Validation errors are answered as they are, without the
// error mask, so this runs on the validation result itself; variable errors
// are handled in src/http/mask-error.ts.
import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { secretInputUse } from '../secret-inputs.ts';

const hidden = 'Invalid value for a secret input (the value is not shown).';

export function useSecretInputErrors(): Plugin {
  return {
    onValidate({ params }) {
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        const use = secretInputUse(params.schema, params.documentAST);
        if (use.literals.length === 0) return;
        const inSecret = (error: GraphQLError) =>
          (error.positions ?? []).some((position) =>
            use.literals.some((range) => position >= range.start && position < range.end),
          );
        setResult(
          result.map((error) =>
            inSecret(error)
              ? new GraphQLError(hidden, {
                  nodes: error.nodes ?? null,
                  extensions: error.extensions,
                })
              : error,
          ),
        );
      };
    },
  };
}
