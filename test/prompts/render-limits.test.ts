// Rendering is bounded while it runs: nested sections over a list multiply
// (three levels over 200 items print 8 million copies), so a render that
// would print too much, or repeat sections too often even printing nothing,
// is refused BAD_USER_INPUT on both transports, and a body nesting sections
// too deep is refused when saved.
import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRenderLimits } from '../../src/core/prompts/template.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { createPrompt, firstError, getRenderedPrompt, render } from './prompt-api.ts';

const items = (count: number, text: string) => Array.from({ length: count }, () => ({ x: text }));

describe('render limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    for (const [name, body] of [
      ['nested-print', '{{#items}}{{#items}}{{#items}}{{x}}{{/items}}{{/items}}{{/items}}'],
      ['nested-silent', '{{#items}}{{#items}}{{#items}}{{/items}}{{/items}}{{/items}}'],
      ['flat', '{{#items}}{{x}}{{/items}}'],
    ] as const) {
      const created = await createPrompt(t.graphqlUrl, t.authHeaders, {
        name,
        body,
        variables: [{ name: 'items', type: 'JSON' }],
      });
      expect(created.errors, name).toBeUndefined();
    }
  });
  afterAll(() => t.stop());

  it('refuses nested sections over a 200-item list with BAD_USER_INPUT', async () => {
    const result = await render(t.graphqlUrl, t.authHeaders, {
      name: 'nested-print',
      variables: { items: items(200, 'some text to print') },
    });
    expect(result.data ?? null).toBeNull();
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { limit: 'maxChars', max: defaultRenderLimits.maxChars },
    });
  });

  it('refuses sections that repeat too often even when they print nothing', async () => {
    const result = await render(t.graphqlUrl, t.authHeaders, {
      name: 'nested-silent',
      variables: { items: items(200, '') },
    });
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { limit: 'maxSteps', max: defaultRenderLimits.maxSteps },
    });
  });

  it('refuses a flat list whose text is too long, and renders one that fits', async () => {
    const tooLong = await render(t.graphqlUrl, t.authHeaders, {
      name: 'flat',
      variables: { items: items(201, 'a'.repeat(10_000)) },
    });
    expect(firstError(tooLong).extensions).toMatchObject({ limit: 'maxChars' });
    const fits = await render(t.graphqlUrl, t.authHeaders, {
      name: 'flat',
      variables: { items: items(3, 'abc') },
    });
    expect(fits.data?.renderPrompt.text).toBe('abcabcabc');
  });

  it('refuses the same over gRPC with INVALID_ARGUMENT', async () => {
    const error = await getRenderedPrompt(t.grpcTarget, t.token, {
      name: 'nested-print',
      variablesJson: JSON.stringify({ items: items(200, 'some text to print') }),
    }).then(
      () => undefined,
      (failure: ServiceError) => failure,
    );
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.metadata.get('error-code')).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses to save a body nesting sections deeper than the limit', async () => {
    const depth = defaultRenderLimits.maxSectionDepth + 1;
    const created = await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'too-deep',
      body: `${'{{#items}}'.repeat(depth)}x${'{{/items}}'.repeat(depth)}`,
      variables: [{ name: 'items', type: 'JSON' }],
    });
    expect(firstError(created)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { limit: 'maxSectionDepth' },
    });
  });
});
