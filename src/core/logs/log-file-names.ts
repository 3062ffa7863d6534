// How log files are named: `genpod-000042.jsonl`. The number only grows, so
// sorting by it is sorting by age, and it survives restarts and deletions.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInput } from '../errors.ts';

const pattern = /^genpod-(\d{6,15})\.jsonl$/;

export function logFileName(number: number): string {
  return `genpod-${String(number).padStart(6, '0')}.jsonl`;
}

export function logFileNumber(name: string): number | undefined {
  const match = pattern.exec(name);
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The number a client-supplied name refers to; anything else, a path included, is refused. */
export function parseLogFileName(name: string): number {
  const number = logFileNumber(name);
  if (number === undefined) {
    throw new InvalidInput('name must be a log file name such as genpod-000001.jsonl', {
      field: 'name',
    });
  }
  return number;
}

export interface StoredLogFile {
  number: number;
  name: string;
  path: string;
  size: number;
  modifiedAt: Date;
}

/** The log files in `dir`, oldest first. Other files there are left alone. */
export async function listLogFiles(dir: string): Promise<StoredLogFile[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const files: StoredLogFile[] = [];
  for (const name of names) {
    const number = logFileNumber(name);
    if (number === undefined) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    files.push({ number, name, path, size: info.size, modifiedAt: info.mtime });
  }
  return files.sort((a, b) => a.number - b.number);
}
