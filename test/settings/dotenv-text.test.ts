// Editing .env text: one assignment changes, everything else stays byte for byte.
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import {
  encodeDotenvValue,
  findAssignments,
  setDotenvValue,
  unsetDotenvValue,
} from '../../src/core/settings/dotenv-text.ts';

const sample = [
  '# Database',
  'DATABASE_URL=postgres://localhost/app   # local only',
  '',
  'export API_TOKEN="abc def"',
  '# MAIL_HOST=commented.out',
  "PRIVATE_KEY='-----BEGIN KEY-----",
  'line two',
  "-----END KEY-----'",
  '',
  'EMPTY=',
  'DUP=first',
  'DUP=second',
  '',
].join('\n');

describe('.env text editing', () => {
  it('finds assignments as dotenv reads them, skipping comments', () => {
    const keys = findAssignments(sample).map((found) => `${found.key}@${found.line}`);
    expect(keys).toEqual([
      'DATABASE_URL@2',
      'API_TOKEN@4',
      'PRIVATE_KEY@6',
      'EMPTY@10',
      'DUP@11',
      'DUP@12',
    ]);
    expect(Object.keys(parse(sample))).toEqual([
      'DATABASE_URL',
      'API_TOKEN',
      'PRIVATE_KEY',
      'EMPTY',
      'DUP',
    ]);
  });

  it('replaces a value in place, keeping comments, blank lines, order and export', () => {
    const edited = setDotenvValue(sample, 'API_TOKEN', 'new-token');
    expect(edited).toBe(sample.replace('export API_TOKEN="abc def"', 'export API_TOKEN=new-token'));
    const keptComment = setDotenvValue(sample, 'DATABASE_URL', 'sqlite://x');
    expect(keptComment).toBe(
      sample.replace(
        'DATABASE_URL=postgres://localhost/app   # local only',
        'DATABASE_URL=sqlite://x   # local only',
      ),
    );
  });

  it('keeps a comment after a new value that itself holds a hash', () => {
    const edited = setDotenvValue(sample, 'DATABASE_URL', 'a # b');
    expect(parse(edited).DATABASE_URL).toBe('a # b');
    expect(edited).toContain("DATABASE_URL='a # b'   # local only\n");
  });

  it('replaces a multi-line value as a whole', () => {
    const edited = setDotenvValue(sample, 'PRIVATE_KEY', 'short');
    expect(edited).toBe(
      sample.replace(
        "PRIVATE_KEY='-----BEGIN KEY-----\nline two\n-----END KEY-----'",
        'PRIVATE_KEY=short',
      ),
    );
    expect(parse(edited).PRIVATE_KEY).toBe('short');
  });

  it('changes the last of duplicate keys, the one dotenv uses', () => {
    const edited = setDotenvValue(sample, 'DUP', 'third');
    expect(edited).toBe(sample.replace('DUP=second', 'DUP=third'));
  });

  it('appends a new key at the end, adding a missing final line break', () => {
    expect(setDotenvValue(sample, 'NEW_KEY', 'v')).toBe(`${sample}NEW_KEY=v\n`);
    expect(setDotenvValue('A=1', 'B', '2')).toBe('A=1\nB=2\n');
    expect(setDotenvValue('', 'B', '2')).toBe('B=2\n');
    expect(setDotenvValue('A=1\r\n', 'B', '2')).toBe('A=1\r\nB=2\r\n');
  });

  it('quotes values so that dotenv reads them back unchanged', () => {
    for (const value of [
      'plain',
      'with spaces',
      'has # hash',
      ' leading and trailing ',
      "it's",
      'say "hi"',
      'multi\nline',
      'both \' and "',
      '',
      'back\\slash\\n',
    ]) {
      const text = setDotenvValue('# header\n', 'KEY', value);
      expect(parse(text).KEY, JSON.stringify(value)).toBe(value);
      expect(text.startsWith('# header\n')).toBe(true);
    }
    expect(encodeDotenvValue('K', 'plain')).toBe('plain');
    expect(encodeDotenvValue('K', 'with # hash')).toBe("'with # hash'");
  });

  it('refuses a value no quoting can carry, instead of writing it wrong', () => {
    expect(() => setDotenvValue('', 'KEY', 'a\'b"c`d\n# e')).toThrow(DomainError);
  });

  it('removes every assignment of a key with its line, and nothing else', () => {
    expect(unsetDotenvValue(sample, 'DUP')).toBe(sample.replace('DUP=first\nDUP=second\n', ''));
    expect(unsetDotenvValue(sample, 'PRIVATE_KEY')).toBe(
      sample.replace("PRIVATE_KEY='-----BEGIN KEY-----\nline two\n-----END KEY-----'\n", ''),
    );
    expect(unsetDotenvValue(sample, 'MAIL_HOST')).toBeUndefined();
    expect(unsetDotenvValue('A=1\nB=2', 'B')).toBe('A=1\n');
  });

  it('refuses a malformed key', () => {
    expect(() => setDotenvValue('', 'BAD KEY', 'x')).toThrow(/environment variable name/);
    expect(() => setDotenvValue('', 'A=B', 'x')).toThrow(DomainError);
  });
});
