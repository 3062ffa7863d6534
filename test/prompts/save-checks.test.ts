import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { addVersion, createPrompt, firstError, type VariableInput } from './prompt-api.ts';

describe('checks when a version is saved', () => {
  let t: TestServer;
  let serial = 0;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const save = (body: string, variables: VariableInput[] = []) =>
    createPrompt(t.graphqlUrl, t.authHeaders, { name: `checked-${serial++}`, body, variables });

  it('rejects a variable used in the body but not declared, naming it', async () => {
    const result = await save('Hi {{name}}, from {{sender}}', [{ name: 'name', type: 'STRING' }]);
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'variable "sender" is used in the template but not declared',
      extensions: { variable: 'sender' },
    });
  });

  it('rejects a declared variable the body never uses, naming it', async () => {
    const result = await save('Hi {{name}}', [
      { name: 'name', type: 'STRING' },
      { name: 'unused', type: 'NUMBER' },
    ]);
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'variable "unused" is declared but not used in the template',
      extensions: { variable: 'unused' },
    });
  });

  it('counts names in sections, inverted sections and triple mustaches as uses', async () => {
    const result = await save('{{#vip}}Dear {{{name}}}{{/vip}}{{^vip}}Hi{{/vip}} {{&extra}}', [
      { name: 'vip', type: 'BOOLEAN' },
      { name: 'name', type: 'STRING' },
      { name: 'extra', type: 'STRING', default: '' },
    ]);
    expect(result.errors).toBeUndefined();
  });

  it('treats names inside a section over a json list as item fields', async () => {
    const result = await save('{{#items}}- {{label}}: {{price.amount}} {{currency}}\n{{/items}}', [
      { name: 'items', type: 'JSON' },
      { name: 'currency', type: 'STRING' },
    ]);
    expect(result.errors).toBeUndefined();
  });

  it('rejects a field of a variable that is not json', async () => {
    const result = await save('{{user.name}}', [{ name: 'user', type: 'STRING' }]);
    expect(firstError(result).message).toBe(
      'variable "user" is a string: only a json variable has fields ({{user.…}})',
    );
  });

  it('reports a template syntax error with the line and column where parsing stopped', async () => {
    const result = await save('line one\n{{#open}} never closed', [
      { name: 'open', type: 'BOOLEAN' },
    ]);
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'body' },
    });
    expect(firstError(result).message).toBe(
      'template syntax: Unclosed section "open" (line 2, column 23)',
    );
  });

  it('refuses an include ({{> name}}) whose reference is malformed', async () => {
    const result = await save('{{> header@Bad Label}}');
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message:
        'include "{{> header@Bad Label}}" must be {{> name}}, {{> name@label}} or {{> name#version}} (line 1, column 1)',
    });
  });

  it('rejects a default of the wrong type, a duplicate and a malformed variable name', async () => {
    expect(
      firstError(await save('{{n}}', [{ name: 'n', type: 'NUMBER', default: 'ten' }])).message,
    ).toBe('variable "n": default must be a finite number, got a string');
    expect(
      firstError(
        await save('{{n}}', [
          { name: 'n', type: 'STRING' },
          { name: 'n', type: 'NUMBER' },
        ]),
      ).message,
    ).toBe('variable "n" is declared twice');
    expect(firstError(await save('{{a-b}}', [{ name: 'a-b', type: 'STRING' }])).message).toContain(
      'name must start with a letter or _',
    );
  });

  it('refuses {{{x}}} for a json variable, which would print [object Object]', async () => {
    const result = await save('{{{data}}}', [{ name: 'data', type: 'JSON' }]);
    expect(firstError(result).message).toContain('write {{data}} to print it as JSON');
  });

  it('refuses a body over 256 KiB with TOO_LARGE and keeps the prompt absent', async () => {
    const result = await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'huge',
      body: 'x'.repeat(256 * 1024 + 1),
    });
    expect(firstError(result)).toMatchObject({ code: 'TOO_LARGE', extensions: { field: 'body' } });
    expect(await t.server.services.db.promptTemplate.count({ where: { name: 'huge' } })).toBe(0);
  });

  it('checks a new version the same way and leaves the prompt as it was', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'stable', body: 'ok' });
    const result = await addVersion(t.graphqlUrl, t.authHeaders, {
      name: 'stable',
      body: '{{surprise}}',
    });
    expect(firstError(result).message).toBe(
      'variable "surprise" is used in the template but not declared',
    );
    expect(
      await t.server.services.db.promptVersion.count({ where: { prompt: { name: 'stable' } } }),
    ).toBe(1);
  });
});
