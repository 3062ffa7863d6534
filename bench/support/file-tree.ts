// Generates a project-like folder of N small files: 100 files per folder,
// folders nested two deep, so a tree walk meets realistic fan-out.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function generateFileTree(root: string, files: number): Promise<void> {
  const perFolder = 100;
  const folders = Math.ceil(files / perFolder);
  let written = 0;
  for (let f = 0; f < folders; f++) {
    const folder = join(root, `pkg${Math.floor(f / 30)}`, `mod${f}`);
    await mkdir(folder, { recursive: true });
    const batch: Array<Promise<void>> = [];
    for (let i = 0; i < perFolder && written < files; i++, written++) {
      batch.push(writeFile(join(folder, `file${i}.ts`), `export const value${i} = ${i};\n`));
    }
    await Promise.all(batch);
  }
}
