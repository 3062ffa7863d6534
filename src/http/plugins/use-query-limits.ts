// Limits on the shape of a GraphQL document, checked before anything runs:
// depth, cost, aliases and directives while validating (graphql-armor's
// rules), tokens while parsing (graphql-js's own `maxTokens`: a huge document
// is never turned into an AST). Rejections get our QUERY_TOO_COMPLEX code.
// Bracket nesting is measured before parsing (src/http/document-nesting.ts):
// the parser would run out of stack on a few thousand levels.
// It works through Envelop's parse and validate, so it holds on every path
// that uses them: Yoga's HTTP and SSE, and the graphql-sse handler.
// (graphql-armor's token limit wraps the lexer in a Proxy and measured 2–3×
// the parse time of graphql-js's counter, which does the same job.)
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { Plugin } from '@envelop/core';
import { GraphQLError, type ValidationContext } from 'graphql';
import { QueryTooComplex } from '../../core/errors.ts';
import { nestsDeeperThan } from '../document-nesting.ts';
import { graphqlErrorCodes } from '../../schema/error-codes.ts';
import { fieldCostRule } from './field-cost-rule.ts';

export interface QueryLimits {
  /** Deepest selection nesting (fragments counted where spread); 0 turns it off. */
  maxDepth: number;
  /** graphql-armor's cost: objects 2, scalars 1, ×1.5 per level; 0 turns it off. */
  maxCost: number;
  /** Aliased fields in one operation; 0 turns it off. */
  maxAliases: number;
  /** Lexical tokens in one document; 0 turns it off. */
  maxTokens: number;
  /** Directives in one operation; 0 turns it off. */
  maxDirectives: number;
  /**
   * What each `searchFiles` adds to a document's cost (counted against
   * `maxCost`): a search walks the tree and reads files. 0 prices it as any field.
   */
  searchCost: number;
  /**
   * Nesting of `{`, `[` and `(` anywhere in a document, checked before parsing;
   * 0 turns it off (a document too deep for the parser is still QUERY_TOO_COMPLEX).
   */
  maxNesting: number;
}

function typedError(message: string, limit: keyof QueryLimits, value: number) {
  const domain = new QueryTooComplex(message, { limit, max: value });
  return new GraphQLError(domain.message, {
    extensions: { ...domain.details, code: graphqlErrorCodes[domain.code] },
  });
}

/** graphql-js's words when `maxTokens` stops a parse ("more that" is its spelling). */
const tokenLimitMessage = /Document contains more th(?:at|an) \d+ tokens/;

/** Report through the validation context (as graphql-js rules do), never throw from a visitor. */
function reportAs(limit: keyof QueryLimits, value: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        // graphql-armor prefixes its messages with "Syntax Error: "; these are not.
        context?.reportError(
          typedError(error.message.replace(/^Syntax Error: /, ''), limit, value),
        ),
    ],
  };
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules = [
    limits.maxDepth > 0 &&
      maxDepthRule({ n: limits.maxDepth, ...reportAs('maxDepth', limits.maxDepth) }),
    limits.maxCost > 0 &&
      costLimitRule({ maxCost: limits.maxCost, ...reportAs('maxCost', limits.maxCost) }),
    limits.maxCost > 0 &&
      limits.searchCost > 0 &&
      fieldCostRule({
        costs: { 'Query.searchFiles': limits.searchCost },
        maxCost: limits.maxCost,
        onReject: (context, error) =>
          context.reportError(typedError(error.message, 'maxCost', limits.maxCost)),
      }),
    limits.maxAliases > 0 &&
      maxAliasesRule({ n: limits.maxAliases, ...reportAs('maxAliases', limits.maxAliases) }),
    limits.maxDirectives > 0 &&
      maxDirectivesRule({
        n: limits.maxDirectives,
        ...reportAs('maxDirectives', limits.maxDirectives),
      }),
  ].filter((rule) => rule !== false);

  const tokenLimit = limits.maxTokens;
  const nestingLimit = limits.maxNesting;
  const tooDeep = () =>
    nestingLimit > 0
      ? typedError(`Nesting limit of ${nestingLimit} exceeded.`, 'maxNesting', nestingLimit)
      : typedError('The document nests too deeply to be parsed.', 'maxNesting', 0);
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        const body = typeof source === 'string' ? source : source.body;
        if (nestingLimit > 0 && nestsDeeperThan(body, nestingLimit)) throw tooDeep();
        try {
          return parseFn(source, tokenLimit > 0 ? { ...options, maxTokens: tokenLimit } : options);
        } catch (error) {
          if (error instanceof GraphQLError && tokenLimitMessage.test(error.message)) {
            throw typedError(`Token limit of ${tokenLimit} exceeded.`, 'maxTokens', tokenLimit);
          }
          // The parser recurses once per level: with the nesting check off, a
          // deep enough document overflows the stack, the client's doing all the same.
          if (error instanceof RangeError) throw tooDeep();
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
