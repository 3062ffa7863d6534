// The zip-slip checks alone, on names and link targets as archives spell them.
import { describe, expect, it } from 'vitest';
import {
  entrySegments,
  hardLinkTarget,
  symlinkTarget,
} from '../../src/core/files/archive-entry-name.ts';
import { parseProjectPath } from '../../src/core/files/project-path.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('archive entry names', () => {
  it('takes tar and zip spellings of a path inside the folder', () => {
    expect(entrySegments('a/b.txt')).toEqual(['a', 'b.txt']);
    expect(entrySegments('./a/b/')).toEqual(['a', 'b']);
    expect(entrySegments('./')).toEqual([]);
    expect(entrySegments('..data')).toEqual(['..data']);
  });

  it.each([
    '../x',
    'a/../../x',
    'a/..',
    '/etc/passwd',
    'C:/Windows/x',
    'c:x',
    '..\\x',
    'a\\..\\..\\x',
    'a//b',
    'a/./b',
    'a\u0000b',
    'a\u001bb',
  ])('refuses %j with BAD_USER_INPUT', (name) => {
    expect(refusal(() => entrySegments(name))).toBe('BAD_USER_INPUT');
  });
});

describe('link targets', () => {
  const link = parseProjectPath('up/sub/link');

  it('resolves a symlink target from the link’s folder', () => {
    expect(symlinkTarget('e', link, 'file.txt').relative).toBe('up/sub/file.txt');
    expect(symlinkTarget('e', link, '../x').relative).toBe('up/x');
    expect(symlinkTarget('e', link, '../..').relative).toBe('');
  });

  it.each(['../../..', '../../../etc/passwd', '/etc/passwd', 'C:/x', 'a\\b', ''])(
    'refuses a symlink to %j',
    (target) => {
      expect(refusal(() => symlinkTarget('e', link, target))).toBe('BAD_USER_INPUT');
    },
  );

  it('names hard link targets from the archive’s top, never above it', () => {
    expect(hardLinkTarget('e', 'a/b')).toEqual(['a', 'b']);
    expect(refusal(() => hardLinkTarget('e', '../a'))).toBe('BAD_USER_INPUT');
    expect(refusal(() => hardLinkTarget('e', '/etc/passwd'))).toBe('BAD_USER_INPUT');
  });
});
