import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { parseProjectPath, pathAndAncestors } from '../../src/core/files/project-path.ts';

function codeOf(input: string): string {
  try {
    parseProjectPath(input);
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : 'unexpected';
  }
}

describe('parseProjectPath', () => {
  it('accepts plain relative paths, with the root as ""', () => {
    expect(parseProjectPath('')).toEqual({ relative: '', segments: [] });
    expect(parseProjectPath('src/app.ts')).toEqual({
      relative: 'src/app.ts',
      segments: ['src', 'app.ts'],
    });
    expect(parseProjectPath('.env').segments).toEqual(['.env']);
    expect(parseProjectPath('..hidden/...').segments).toEqual(['..hidden', '...']);
    expect(parseProjectPath('100%/done').relative).toBe('100%/done');
    expect(parseProjectPath('名前/ファイル.txt').segments).toHaveLength(2);
  });

  it.each(['..', '../x', 'a/../b', 'a/..', '/abs', '/', 'C:/x', 'c:relative'])(
    'rejects a path that leaves the project root: %j',
    (input) => expect(codeOf(input)).toBe('FORBIDDEN'),
  );

  it.each([
    'a\0b',
    'a\\b',
    'a/\x07',
    'a\nb',
    'a\x7f',
    '%2e%2e/x',
    '%2F',
    'a%5cb',
    '%00',
    '%252e',
    'a//b',
    'a/',
    '/a/'.slice(1),
    './a',
    'a/./b',
    '.',
    '\ud800',
    `${'x'.repeat(256)}`,
    `${'a/'.repeat(2100)}a`,
  ])('rejects a malformed path: %j', (input) => expect(codeOf(input)).toBe('BAD_USER_INPUT'));

  it('names the argument in its errors', () => {
    expect(() => parseProjectPath('a//b', 'to')).toThrow(/^to /);
  });
});

describe('pathAndAncestors', () => {
  it('lists each folder above a path, outermost first, then the path', () => {
    expect(pathAndAncestors('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(pathAndAncestors('')).toEqual([]);
  });
});
