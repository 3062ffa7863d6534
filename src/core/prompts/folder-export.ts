// Exporting prompts to a folder of markdown files, one `<name>.md` per prompt
// holding its newest version and the labels that point at it. A file whose
// text would not change is left alone, so exporting twice writes nothing.
import type { Database } from '../db/database.ts';
import { NotFound } from '../errors.ts';
import { latestLabel } from './identifiers.ts';
import { formatPromptFile } from './prompt-file.ts';
import { writePromptFolder, type ProjectAccess } from './project-folder.ts';
import { getVersion, listPrompts, type PromptRecord } from './repository.ts';

export interface ExportOutcome {
  name: string;
  /** The file, relative to PROJECT_ROOT. */
  path: string;
  version: number;
  /** False when the file already held exactly this text. */
  written: boolean;
}

export interface ExportSelection {
  /** Only these prompts (all when absent); an unknown name is NOT_FOUND. */
  names?: readonly string[] | null | undefined;
  /** Only prompts with every one of these tags. */
  tags?: readonly string[] | null | undefined;
}

export async function exportPromptFiles(
  db: Database,
  access: ProjectAccess,
  folder: string,
  selection: ExportSelection,
): Promise<{ folder: string; prompts: ExportOutcome[] }> {
  let prompts: PromptRecord[] = await listPrompts(db, selection.tags ?? []);
  if (selection.names) {
    const wanted = new Set(selection.names);
    const found = new Set(prompts.map((prompt) => prompt.name));
    const missing = [...wanted].find((name) => !found.has(name));
    if (missing !== undefined) {
      throw new NotFound(`prompt "${missing}" does not exist or lacks the tags asked for`, {
        prompt: missing,
      });
    }
    prompts = prompts.filter((prompt) => wanted.has(prompt.name));
  }
  const files = [];
  for (const prompt of prompts) {
    const version = await getVersion(db, prompt.name, { version: prompt.latestVersion });
    files.push({
      prompt: prompt.name,
      version: version.number,
      name: `${prompt.name}.md`,
      text: formatPromptFile({
        name: prompt.name,
        description: prompt.description,
        type: version.type,
        messages: version.messages,
        config: version.config,
        tags: prompt.tags,
        labels: version.labels.filter((label) => label !== latestLabel),
        variables: version.variables,
        body: version.body,
      }),
    });
  }
  const result = await writePromptFolder(access, folder, files);
  return {
    folder: result.folder,
    prompts: files.map((file, index) => ({
      name: file.prompt,
      version: file.version,
      path: result.files[index]?.path ?? file.name,
      written: result.files[index]?.written ?? false,
    })),
  };
}
