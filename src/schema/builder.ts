// The one Pothos builder. Each src/schema/<domain>.ts adds its fields to the
// root types declared here; src/schema/index.ts imports them all.
import SchemaBuilder from '@pothos/core';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Context } from '../resolvers/context.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({ description: 'Reads.' });
builder.mutationType({ description: 'Writes.' });
builder.subscriptionType({ description: 'Live streams, over SSE (Yoga and graphql-sse).' });
