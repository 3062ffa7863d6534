// Refuses `__schema` and `__type` (GRAPHQL_INTROSPECTION=off; off by default
// when NODE_ENV=production), with graphql-js's own validation rule. Not
// @graphql-yoga/plugin-disable-introspection: that one marks requests in
// Yoga's request parser, which the graphql-sse handler bypasses, so
// introspection would still be answered there. A validation rule holds on
// every path that validates through Envelop.
import type { Plugin } from '@envelop/core';
import { NoSchemaIntrospectionCustomRule } from 'graphql';

export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
