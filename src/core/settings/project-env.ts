// What the API shows of a project .env file: its keys in file order, values
// masked. Reading and writing the file goes through the files domain (its
// jail, access rules and atomic writes); this module only reads the text.
import { findAssignments, parseDotenv } from './dotenv-text.ts';

/** `.env` and `.env.<anything>`: the names dotenv-style tools read. */
export const envFileNamePattern = /^\.env(\.[A-Za-z0-9_.-]+)?$/;
/** Values shorter than this show no characters at all. */
export const envHintMinLength = 12;

export interface EnvFileInfo {
  /** Relative to PROJECT_ROOT, with `/` separators. */
  path: string;
  size: number;
  modifiedAt: Date;
}

export interface EnvVariable {
  key: string;
  /** 1-based line of the effective (last) assignment. */
  line: number;
  isEmpty: boolean;
  /** Bullets, ending in the last four characters when the value has at least 12. */
  maskedValue: string;
  /** How many times the key is assigned; dotenv uses the last. */
  occurrences: number;
}

export interface EnvFile extends EnvFileInfo {
  variables: EnvVariable[];
}

export function maskValue(value: string): string {
  if (value.length === 0) return '';
  const characters = [...value];
  return characters.length >= envHintMinLength ? `••••${characters.slice(-4).join('')}` : '••••';
}

/** The keys of a .env text as dotenv reads them, in file order, values masked. */
export function describeEnvVariables(text: string): EnvVariable[] {
  const assignments = findAssignments(text);
  return Object.entries(parseDotenv(text))
    .map(([key, value]) => {
      const occurrences = assignments.filter((found) => found.key === key);
      return {
        key,
        line: occurrences.at(-1)?.line ?? 0,
        isEmpty: value === '',
        maskedValue: maskValue(value),
        occurrences: occurrences.length,
      };
    })
    .sort((a, b) => a.line - b.line);
}
