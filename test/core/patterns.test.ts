// The linear-time pattern engines (src/core/patterns) against the libraries
// whose syntax they take: the same answers as picomatch and `ignore` on the
// same inputs, in microseconds where those backtrack for seconds.
import ignore from 'ignore';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { LinearGitignore } from '../../src/core/patterns/linear-gitignore.ts';
import { compileAnyGlob, compileGlob } from '../../src/core/patterns/linear-glob.ts';
import { compileLinearRegex } from '../../src/core/patterns/linear-regex.ts';

const globs = [
  '*.ts',
  '**/*.ts',
  'src/**',
  '**/.env*',
  '**/.git',
  'a/**/b',
  '{a,b}/*.md',
  'foo?.[jt]s',
  '@(a|b).js',
  '+(a|b)',
  '*(x)y',
  '?(a).c',
  'src/*/x',
  '**',
  '*',
  '[^a]*',
  'a/{b,c/d}/e',
  '**/node_modules/**',
  '*.{js,ts}',
  'file[0-9].txt',
  '.*',
  'src/**/*.test.ts',
  'a\\*b',
  '{1..3}.log',
  'a/**/*',
  '**/*',
  'a/**/*.ts',
  'src/**/x/*',
  '*/**',
  '**/a/*',
];
const paths = [
  'a.ts',
  'src/a.ts',
  'src/x/y/z.ts',
  '.env',
  'a/.env.local',
  '.git',
  'x/.git',
  'a',
  'a/b',
  'a/x/b',
  'a/x/y/b',
  'a/b.md',
  'b/c.md',
  'foo1.js',
  'foo2.ts',
  'a.js',
  'ab',
  'aab',
  'y',
  'xy',
  'xxy',
  '.c',
  'a.c',
  'src/q/x',
  'src',
  'b',
  'file5.txt',
  '.hidden',
  'src/a/b.test.ts',
  'node_modules/x',
  'a/node_modules/y/z',
  'a/b/e',
  'a/c/d/e',
  'a*b',
  'axb',
  '2.log',
  '12.log',
  'a/x.ts',
  'a/b/c.ts',
  'src/x/y',
  'src/q/x/y',
  'a/a',
  '.ts',
  'a/.ts',
];

describe('linear globs', () => {
  it('match as picomatch does (dot on) on project paths', () => {
    const differences: string[] = [];
    for (const glob of globs) {
      const ours = compileGlob(glob);
      const theirs = picomatch(glob, { dot: true });
      for (const path of paths) {
        if (ours(path) !== theirs(path)) differences.push(`${glob} ${path}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('match the name alone, case-insensitively, when asked', () => {
    const matches = compileGlob('*.TS', { caseSensitive: false, basename: true });
    expect(['src/a.ts', 'b.Ts', 'src/a.js'].map(matches)).toEqual([true, true, false]);
    const any = compileAnyGlob(['src/**', '**/.env*']);
    expect(['src/x', 'a/.env', 'lib/x'].map(any)).toEqual([true, true, false]);
  });

  it('match a glob that backtracks in V8 in linear time', () => {
    const started = performance.now();
    expect(compileGlob('*a*a*a*a*a*b')('a'.repeat(100_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuse a negated extglob and an overlong glob, naming the field', () => {
    expect(() => compileGlob('!(x)*', { field: 'include' })).toThrow(/include.*negated/);
    expect(() => compileGlob('a'.repeat(1001))).toThrow(/at most 1000/);
  });
});

describe('linear regexes', () => {
  it('take JavaScript syntax and report positions in UTF-16 units', () => {
    const regex = compileLinearRegex('(?<word>b\\u0041)', { field: 'regex' });
    expect(regex.search('😀bA')).toBe(2);
    expect(compileLinearRegex('ba', { field: 'regex', caseInsensitive: true }).test('BA')).toBe(
      true,
    );
  });

  it('refuse what RE2 cannot run, by name', () => {
    const refusal = (source: string) => {
      try {
        compileLinearRegex(source, { field: 'regex' });
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal('(a)\\1')).toMatch(/regex uses backreferences/);
    expect(refusal('(?<n>a)\\k<n>')).toMatch(/named backreferences/);
    expect(refusal('a(?=b)')).toMatch(/lookahead/);
    expect(refusal('a(?!b)')).toMatch(/lookahead/);
    expect(refusal('(?<=a)b')).toMatch(/lookbehind/);
    expect(refusal('[(?=]')).toBe('accepted');
    expect(refusal('(unclosed')).toMatch(/not a valid regular expression/);
    expect(refusal('(?:[a-z]{1000}){5}')).toMatch(/too complex|invalid repeat/);
    expect(refusal('a'.repeat(1001))).toMatch(/at most 1000 characters/);
  });
});

const gitignores = [
  'build/\nnode_modules\n*.log\n!keep.log\n',
  '/dist\nsrc/**/gen/\n# comment\n\n*.tmp\n!important.tmp\nfoo/bar\n',
  'a/**\n!a/keep\n',
  '**/cache\ndocs/*.md\n!docs/README.md\n\\#hash\nspace\\ \n',
  '*\n!*/\n!*.ts\n',
  'x[ab]y\n[!c]z\nq?r\n{a,b}\n(x)\n',
  '.env*\n.git\n',
  'dir/\n!dir/inner\n',
];
const gitPaths: Array<[string, boolean]> = [
  ['build', true],
  ['build/x.js', false],
  ['src/build', true],
  ['src/build/y', false],
  ['node_modules', true],
  ['a/node_modules/b', false],
  ['x.log', false],
  ['keep.log', false],
  ['deep/keep.log', false],
  ['dist', true],
  ['src/dist', true],
  ['src/a/gen', true],
  ['src/gen', true],
  ['src/a/gen/f', false],
  ['y.tmp', false],
  ['important.tmp', false],
  ['foo/bar', false],
  ['x/foo/bar', false],
  ['a', true],
  ['a/b', false],
  ['a/keep', false],
  ['cache', true],
  ['x/cache', true],
  ['docs/a.md', false],
  ['docs/README.md', false],
  ['docs/x/a.md', false],
  ['#hash', false],
  ['space ', false],
  ['f.ts', false],
  ['f.js', false],
  ['sub', true],
  ['sub/f.ts', false],
  ['sub/f.js', false],
  ['xay', false],
  ['xcy', false],
  ['az', false],
  ['cz', false],
  ['qxr', false],
  ['{a,b}', false],
  ['a', false],
  ['(x)', false],
  ['x', false],
  ['.env', false],
  ['.env.local', false],
  ['sub/.env', false],
  ['.git', true],
  ['dir', true],
  ['dir/inner', false],
  ['dir', false],
];

describe('linear .gitignore rules', () => {
  it('decide as the ignore package does', () => {
    const differences: string[] = [];
    for (const text of gitignores) {
      const ours = new LinearGitignore(text);
      const theirs = ignore().add(text);
      for (const [path, isDirectory] of gitPaths) {
        const a = ours.test(path, isDirectory);
        const b = theirs.test(isDirectory ? `${path}/` : path);
        if (a.ignored !== b.ignored || a.unignored !== b.unignored) {
          differences.push(`${JSON.stringify(text)} ${path}${isDirectory ? '/' : ''}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('decide in linear time on a line that backtracks in V8', () => {
    const rules = new LinearGitignore('**/a/**/a/**/a/**/a/**/a/**/a/**/b');
    const started = performance.now();
    expect(rules.ignores(`${'a/'.repeat(200)}c`, false)).toBe(false);
    expect(rules.ignores(`${'a/'.repeat(20)}b`, false)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
