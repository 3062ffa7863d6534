// Include and exclude globs of live feeds: what each matches, and what is refused.
import { describe, expect, it } from 'vitest';
import { compileGlobFilter } from '../../src/core/files/glob-filter.ts';

const passes = (
  filter: Parameters<typeof compileGlobFilter>[0],
  path: string,
  isDirectory = false,
) => compileGlobFilter(filter)?.passes(path, isDirectory);

describe('glob filter', () => {
  it('is absent when no glob is given', () => {
    expect(compileGlobFilter({})).toBeUndefined();
    expect(compileGlobFilter({ include: [], exclude: [] })).toBeUndefined();
  });

  it('matches a glob without / against the name at any depth, dot files included', () => {
    const filter = { include: ['*.ts'] };
    expect(passes(filter, 'a.ts')).toBe(true);
    expect(passes(filter, 'src/deep/b.ts')).toBe(true);
    expect(passes(filter, '.config/c.ts')).toBe(true);
    expect(passes(filter, 'src/a.tsx')).toBe(false);
  });

  it('matches a glob with / against the whole path, case-sensitively', () => {
    const filter = { include: ['src/**/*.test.ts'] };
    expect(passes(filter, 'src/a/b.test.ts')).toBe(true);
    expect(passes(filter, 'lib/src/b.test.ts')).toBe(false);
    expect(passes(filter, 'SRC/b.test.ts')).toBe(false);
  });

  it('includes what is inside a matched folder, and the folders that could hold a match', () => {
    expect(passes({ include: ['docs'] }, 'docs/guide/intro.md')).toBe(true);
    const filter = { include: ['src/**/*.ts'] };
    expect(passes(filter, 'src', true)).toBe(true);
    expect(passes(filter, 'src/lib', true)).toBe(true);
    expect(passes(filter, 'docs', true)).toBe(false);
    expect(passes(filter, 'src/lib', false)).toBe(false); // a file named lib is no folder
  });

  it('excludes matched paths and everything inside a matched folder, over any include', () => {
    const filter = { include: ['*.js'], exclude: ['node_modules', 'dist/**'] };
    expect(passes(filter, 'app/node_modules/pkg/index.js')).toBe(false);
    expect(passes(filter, 'dist/bundle.js')).toBe(false);
    expect(passes(filter, 'src/index.js')).toBe(true);
  });

  it.each([
    [{ include: [''] }, 'include[0] must not be empty'],
    [{ include: ['ok', 'src/[abc'] }, 'include[1] is not a valid glob: Missing closing'],
    [{ exclude: ['[b-a]'] }, 'exclude[0] is not a valid glob'],
    [{ exclude: ['a'.repeat(257)] }, 'exclude[0] must be at most 256 characters'],
    [
      { include: Array.from({ length: 33 }, (_, i) => `g${i}`) },
      'include may hold at most 32 globs',
    ],
    [{ include: ['/abs/**'] }, 'include[0] must be relative to the project root'],
    [{ include: ['a/../b'] }, 'include[0] must not contain ".." segments'],
    [{ include: ['!*.md'] }, 'include[0] must not start with "!"'],
    [{ exclude: ['src/!(a).ts'] }, 'exclude[0] must not use a negated pattern'],
    [{ include: ['a\0b'] }, 'include[0] must not contain control characters'],
  ])('refuses %j as BAD_USER_INPUT', (filter, message) => {
    expect(() => compileGlobFilter(filter)).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining(message),
      }),
    );
  });
});
