import { describe, expect, it } from 'vitest';
import { scopes } from '../../src/core/scopes.ts';
import { parseTokenCommand, UsageError } from '../../scripts/token-options.ts';

const now = Date.parse('2026-06-01T00:00:00Z');
const parse = (...args: string[]) => parseTokenCommand(args, now);

describe('token command line', () => {
  it('reads a create command with durations, scopes and path rules', () => {
    expect(
      parse(
        'create',
        '--name',
        'dev',
        '--scopes',
        'files:read, files:write',
        '--expires',
        '30d',
        '--path',
        'src/**=read-write',
        '--path',
        'docs/**',
        '--path',
        'a=b/c',
      ),
    ).toEqual({
      kind: 'create',
      name: 'dev',
      scopes: ['files:read', 'files:write'],
      expiresAt: new Date(now + 30 * 86_400_000),
      paths: [
        { glob: 'src/**', access: 'read-write' },
        { glob: 'docs/**', access: 'read' },
        { glob: 'a=b/c', access: 'read' },
      ],
    });
  });

  it.each([
    ['90m', now + 90 * 60_000],
    ['12h', now + 12 * 3_600_000],
    ['2w', now + 14 * 86_400_000],
    ['2027-01-31', Date.parse('2027-01-31T00:00:00Z')],
    ['2027-01-31T12:30:00+02:00', Date.parse('2027-01-31T10:30:00Z')],
  ])('reads --expires %s', (value, expected) => {
    const command = parse('create', '--name', 'n', '--scopes', 'chat', '--expires', value);
    expect(command.kind === 'create' && command.expiresAt?.getTime()).toBe(expected);
  });

  it('takes all for every scope', () => {
    const command = parse('create', '--name', 'n', '--scopes', 'all');
    expect(command.kind === 'create' && command.scopes).toEqual([...scopes]);
  });

  it('reads list and revoke, and help', () => {
    expect(parse('list')).toEqual({ kind: 'list', json: false });
    expect(parse('list', '--json')).toEqual({ kind: 'list', json: true });
    expect(parse('revoke', 'abc')).toEqual({ kind: 'revoke', id: 'abc' });
    expect(parse()).toEqual({ kind: 'help' });
    expect(parse('create', '--help')).toEqual({ kind: 'help' });
  });

  it.each([
    [['create', '--scopes', 'chat'], /create needs --name/],
    [['create', '--name', 'n'], /create needs --scopes/],
    [['create', '--name', 'n', '--scopes', 'chat,root'], /unknown scope root/],
    [['create', '--name', 'n', '--scopes', 'chat', '--expires', 'soon'], /--expires "soon"/],
    [['create', '--name', 'n', '--scopes', 'chat', '--expires', '2027-13-45'], /--expires/],
    [['create', '--name', 'n', '--scopes', 'chat', '--path', 'src/**=write'], /read or read-write/],
    [['create', '--name', 'n', '--scopes', 'chat', 'extra'], /no argument extra/],
    [['list', '--name', 'n'], /list takes no --name/],
    [['revoke'], /exactly one <id>/],
    [['revoke', 'a', 'b'], /exactly one <id>/],
    [['revoke', '--colour'], /Unknown option '--colour'/],
    [['rename'], /unknown command "rename"/],
  ])('rejects %j with a UsageError', (args, message) => {
    expect(() => parse(...args)).toThrow(UsageError);
    expect(() => parse(...args)).toThrow(message);
  });
});
