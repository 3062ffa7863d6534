// The markdown file format on its own: what a prompt looks like in git.
import { describe, expect, it } from 'vitest';
import { checkVersionDraft } from '../../src/core/prompts/draft.ts';
import { formatPromptFile, parsePromptFile } from '../../src/core/prompts/prompt-file.ts';

const base = {
  name: 'p',
  description: '',
  type: 'TEXT' as const,
  messages: null,
  config: {},
  tags: [],
  labels: [],
  variables: [],
};

describe('prompt files', () => {
  it.each([
    ['an empty body', ''],
    ['one line', 'x'],
    ['a trailing newline', 'x\n'],
    ['blank lines around', '\n\nx\n\n'],
    ['a body that looks like front matter', '---\ntitle: no\n---\nbody'],
    ['unicode and mustache comments', 'héllo ✓ {{! note }}'],
  ])('keeps %s byte for byte through a file', (_case, body) => {
    const text = formatPromptFile({ ...base, body });
    expect(parsePromptFile(text, 'fallback').body).toBe(body);
  });

  it('reads CRLF files and a BOM the same as LF files', () => {
    const lf = parsePromptFile('---\nname: a\ntags: [x]\n---\nline 1\nline 2\n', 'a');
    const crlf = parsePromptFile(
      '\uFEFF---\r\nname: a\r\ntags: [x]\r\n---\r\nline 1\r\nline 2\r\n',
      'a',
    );
    expect(crlf).toEqual(lf);
  });

  it('stores line endings as \\n when a version is saved through the API', () => {
    expect(checkVersionDraft({ body: 'a\r\nb\rc' }, 'TEXT').body).toBe('a\nb\nc');
  });

  it('names a prompt by its file when the front matter does not', () => {
    expect(parsePromptFile('just a body\n', 'from-file')).toMatchObject({
      name: 'from-file',
      body: 'just a body',
    });
  });

  it('writes variables in the short form when they have only a type', () => {
    const text = formatPromptFile({
      ...base,
      body: '{{a}}{{b}}',
      variables: [
        { name: 'a', type: 'string' },
        { name: 'b', type: 'json', default: null, description: 'may be null' },
      ],
    });
    expect(text).toContain(
      'variables:\n  a: string\n  b:\n    type: json\n    default: null\n    description: may be null\n',
    );
    expect(parsePromptFile(text, 'p').variables).toEqual([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'json', default: null, description: 'may be null' },
    ]);
  });

  it('refuses an unknown key inside a variable', () => {
    expect(() =>
      parsePromptFile('---\nvariables:\n  a: { type: string, dflt: 1 }\n---\n{{a}}\n', 'p'),
    ).toThrow('variable "a": unknown key "dflt"');
  });
});
