// A token's path rules in the file access policy, with constructed principals:
// what it reads, writes, sees in listings and hears of in change feeds.
import { describe, expect, it } from 'vitest';
import { FileAccessPolicy } from '../../src/core/files/access-policy.ts';
import { compiledPathRules, PathRules } from '../../src/core/files/path-rules.ts';
import { scopes, type PathRule, type Principal } from '../../src/core/scopes.ts';

function principal(paths: PathRule[] | undefined, id = 'token:test'): Principal {
  return { id, scopes: new Set(scopes), paths };
}

const policy = new FileAccessPolicy();
const srcOnly = principal([{ glob: 'src/**', access: 'read-write' }]);
const oneDoc = principal([{ glob: 'docs/a.md', access: 'read' }]);
const mixed = principal([
  { glob: 'src/**', access: 'read' },
  { glob: 'src/generated/**', access: 'read-write' },
  { glob: '**/*.md', access: 'read' },
]);

/** The FORBIDDEN message `assert` throws, or undefined when it allows. */
function refusal(who: Principal, access: 'read' | 'write', ...paths: string[]) {
  try {
    policy.assert(who, access, ...paths);
    return undefined;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

describe('path rules in the file access policy', () => {
  it('reads and writes inside a read-write rule', () => {
    expect(refusal(srcOnly, 'read', 'src/index.ts')).toBeUndefined();
    expect(refusal(srcOnly, 'write', 'src/deep/new/file.ts')).toBeUndefined();
    // `src/**` matches the folder itself: it may be listed, and written into.
    expect(refusal(srcOnly, 'read', 'src')).toBeUndefined();
  });

  it('refuses a read outside every rule with FORBIDDEN naming the path', () => {
    expect(refusal(srcOnly, 'read', 'README.md')).toEqual({
      code: 'FORBIDDEN',
      message: 'this token may not read README.md',
    });
    // A name that only starts like an allowed folder is another folder.
    expect(refusal(srcOnly, 'read', 'src-old/index.ts')?.code).toBe('FORBIDDEN');
    expect(refusal(srcOnly, 'read', '')?.message).toBe('this token may not read the project root');
  });

  it('refuses writes through a read rule, and allows them through a read-write one', () => {
    expect(refusal(mixed, 'read', 'src/app.ts')).toBeUndefined();
    expect(refusal(mixed, 'write', 'src/app.ts')).toEqual({
      code: 'FORBIDDEN',
      message: 'this token may not write src/app.ts',
    });
    expect(refusal(mixed, 'write', 'src/generated/types.ts')).toBeUndefined();
    expect(refusal(mixed, 'write', 'notes/plan.md')?.code).toBe('FORBIDDEN');
  });

  it('checks both ends of a move', () => {
    expect(refusal(srcOnly, 'write', 'src/a.ts', 'src/b.ts')).toBeUndefined();
    expect(refusal(srcOnly, 'write', 'src/a.ts', 'lib/a.ts')?.message).toBe(
      'this token may not write lib/a.ts',
    );
    expect(refusal(srcOnly, 'write', 'lib/a.ts', 'src/a.ts')?.message).toBe(
      'this token may not write lib/a.ts',
    );
  });

  it('lets a rule on a folder cover everything inside it', () => {
    const folder = principal([{ glob: 'docs', access: 'read-write' }]);
    expect(refusal(folder, 'read', 'docs/guide/intro.md')).toBeUndefined();
    expect(refusal(folder, 'write', 'docs/guide/intro.md')).toBeUndefined();
    expect(refusal(folder, 'read', 'docsite/index.md')?.code).toBe('FORBIDDEN');
  });

  it('matches dotfiles, as picomatch does with dot: true', () => {
    expect(refusal(srcOnly, 'read', 'src/.eslintrc.json')).toBeUndefined();
    expect(refusal(mixed, 'read', '.github/README.md')).toBeUndefined();
  });

  it('still applies the project rules beneath the token rules (.env needs files:env)', () => {
    const withoutEnv = {
      ...srcOnly,
      scopes: new Set(scopes.filter((scope) => scope !== 'files:env')),
    };
    expect(refusal(withoutEnv, 'read', 'src/.env')?.message).toBe(
      'src/.env needs the files:env scope',
    );
    expect(refusal(srcOnly, 'write', 'src/.git/config')?.code).toBe('FORBIDDEN');
  });

  it('changes nothing for a principal without path rules', () => {
    const whole = principal(undefined);
    expect(refusal(whole, 'write', 'anything/at/all.txt')).toBeUndefined();
    expect(policy.canList(whole, 'anything', false)).toBe(true);
  });

  it('lists the folders leading to allowed paths, and no other entry', () => {
    // Root listing for `src/**`: the folder src, nothing else.
    expect(policy.canList(srcOnly, 'src', true)).toBe(true);
    expect(policy.canList(srcOnly, 'lib', true)).toBe(false);
    expect(policy.canList(srcOnly, 'README.md', false)).toBe(false);
    // `docs/a.md`: docs shows (a folder on the way), holding only a.md.
    expect(policy.canList(oneDoc, 'docs', true)).toBe(true);
    expect(policy.canList(oneDoc, 'docs/a.md', false)).toBe(true);
    expect(policy.canList(oneDoc, 'docs/b.md', false)).toBe(false);
    expect(policy.canList(oneDoc, 'docs/drafts', true)).toBe(false);
    // A file named like a folder on the way is not shown: only folders lead anywhere.
    expect(policy.canList(oneDoc, 'docs', false)).toBe(false);
  });

  it('opens a folder on the way for listing, but never reads it as a path of its own', () => {
    expect(() => policy.assertBrowsable(oneDoc, '')).not.toThrow();
    expect(() => policy.assertBrowsable(oneDoc, 'docs')).not.toThrow();
    expect(() => policy.assertBrowsable(oneDoc, 'docs/drafts')).toThrow(
      'this token may not read docs/drafts',
    );
    expect(refusal(oneDoc, 'read', 'docs')?.code).toBe('FORBIDDEN');
  });

  it('writes every entry of a recursive delete only under a read-write rule', () => {
    expect(policy.canWriteEntry(srcOnly, 'src/a/b.ts')).toBe(true);
    expect(policy.canWriteEntry(mixed, 'src/a/b.ts')).toBe(false);
    expect(policy.canWriteEntry(mixed, 'src/generated/b.ts')).toBe(true);
  });

  it('tells a change feed which paths the token may hear of', () => {
    expect(policy.canSee(srcOnly, 'src/index.ts', false)).toBe(true);
    expect(policy.canSee(srcOnly, 'lib/index.ts', false)).toBe(false);
    expect(policy.canSee(oneDoc, 'docs', true)).toBe(true);
    expect(policy.canSee(oneDoc, 'docs/b.md', false)).toBe(false);
    const noRead = { ...srcOnly, scopes: new Set(scopes.filter((s) => s !== 'files:read')) };
    expect(policy.canSee(noRead, 'src/index.ts', false)).toBe(false);
  });
});

describe('compiled path rules', () => {
  it('compiles a rule list once and reuses it for every path', () => {
    const rules: PathRule[] = [{ glob: 'src/**', access: 'read' }];
    expect(compiledPathRules(rules)).toBe(compiledPathRules(rules));
    expect(compiledPathRules(undefined)).toBeUndefined();
  });

  it('knows which folders can lead to a match of each glob', () => {
    const rules = new PathRules([
      { glob: 'packages/*/src/**/*.ts', access: 'read' },
      { glob: 'docs/{guide,api}/*.md', access: 'read' },
    ]);
    expect(rules.leadsTo('')).toBe(true);
    expect(rules.leadsTo('packages')).toBe(true);
    expect(rules.leadsTo('packages/web')).toBe(true);
    expect(rules.leadsTo('packages/web/src/deep/er')).toBe(true);
    expect(rules.leadsTo('packages/web/test')).toBe(false);
    expect(rules.leadsTo('docs/guide')).toBe(true);
    expect(rules.leadsTo('docs/blog')).toBe(false);
    expect(rules.reads('packages/web/src/a/b.ts')).toBe(true);
    expect(rules.reads('packages/web/src/a/b.js')).toBe(false);
  });

  it('leads nowhere below a brace group that spans folders, while its paths still match', () => {
    const rules = new PathRules([{ glob: 'src/{a,b/c}/*.ts', access: 'read' }]);
    expect(rules.leadsTo('src')).toBe(true);
    expect(rules.leadsTo('src/b')).toBe(false);
    expect(rules.reads('src/b/c/x.ts')).toBe(true);
    expect(rules.reads('src/a/x.ts')).toBe(true);
  });
});
