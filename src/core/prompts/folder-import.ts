// Importing a folder of prompt files: every file is checked before anything
// is written, then all of them are applied in one transaction. A file whose
// body and variables equal its prompt's newest version adds no version, so
// importing the same folder twice changes nothing.
import type { Database } from '../db/database.ts';
import { DomainError, InvalidInput } from '../errors.ts';
import { checkVersionDraft, type PromptType, type VersionDraft } from './draft.ts';
import { checkPromptName, normalizeTags } from './identifiers.ts';
import { pointLabel, type LabelActor, type LabelMove } from './label-store.ts';
import { parsePromptFile } from './prompt-file.ts';
import type { FolderFile } from './project-folder.ts';
import { insertVersion } from './repository.ts';
import { normalizeDeclarations, sameDeclarations, sameJson } from './variables.ts';

export type ImportStatus = 'CREATED' | 'VERSION_ADDED' | 'UPDATED' | 'UNCHANGED';

export interface ImportOutcome {
  name: string;
  /** The file, relative to PROJECT_ROOT. */
  path: string;
  status: ImportStatus;
  /** The version the file's content is (new or existing). */
  version: number;
  /** Labels that now point at `version` and did not before. */
  labelsMoved: string[];
  /** The same moves, with where each label pointed before. */
  moves: LabelMove[];
}

interface CheckedFile {
  path: string;
  name: string;
  description: string;
  type: PromptType;
  tags: string[];
  draft: VersionDraft;
}

/** Names the file in a domain error's message and details, keeping its code. */
function inFile(path: string, error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const located = new DomainError(error.code, `${path}: ${error.message}`, {
    ...error.details,
    path,
  });
  return located;
}

export function checkPromptFiles(files: readonly FolderFile[], folder: string): CheckedFile[] {
  const byName = new Map<string, string>();
  return files.map((file) => {
    try {
      const parsed = parsePromptFile(file.text, file.stem);
      const name = checkPromptName(parsed.name);
      const other = byName.get(name);
      if (other) {
        throw new InvalidInput(`prompt "${name}" is also defined in ${other}`, { prompt: name });
      }
      byName.set(name, file.path);
      return {
        path: file.path,
        name,
        description: parsed.description,
        type: parsed.type,
        tags: normalizeTags(parsed.tags),
        draft: checkVersionDraft(
          {
            body: parsed.type === 'CHAT' && parsed.body.trim() === '' ? null : parsed.body,
            messages: parsed.messages,
            config: parsed.config,
            variables: parsed.variables,
            labels: parsed.labels,
            message:
              parsed.message ?? `imported from ${folder === '.' ? 'the project root' : folder}`,
          },
          parsed.type,
        ),
      };
    } catch (error) {
      throw inFile(file.path, error);
    }
  });
}

export async function applyPromptFiles(
  db: Database,
  files: readonly CheckedFile[],
  actor: LabelActor,
): Promise<ImportOutcome[]> {
  // One transaction for the whole folder; SQLite holds its write lock for it,
  // which a folder of prompts keeps short, but give it more than Prisma's 5 s.
  return db.$transaction(
    async (tx) => {
      const outcomes: ImportOutcome[] = [];
      for (const file of files) {
        const existing = await tx.promptTemplate.findUnique({
          where: { name: file.name },
          include: {
            tags: { orderBy: { tag: 'asc' } },
            versions: { orderBy: { number: 'desc' }, take: 1 },
          },
        });
        if (!existing) {
          const created = await tx.promptTemplate.create({
            data: {
              name: file.name,
              description: file.description,
              type: file.type,
              tags: { create: file.tags.map((tag) => ({ tag })) },
            },
          });
          const moves = await insertVersion(tx, created.id, 1, file.draft, actor);
          outcomes.push({
            name: file.name,
            path: file.path,
            status: 'CREATED',
            version: 1,
            labelsMoved: file.draft.labels,
            moves,
          });
          continue;
        }
        if (existing.type !== file.type) {
          throw inFile(
            file.path,
            new InvalidInput(
              `prompt "${file.name}" is ${existing.type} and the file says ${file.type}: the type is fixed when a prompt is created`,
              { prompt: file.name, field: 'type' },
            ),
          );
        }

        let status: ImportStatus = 'UNCHANGED';
        const latest = existing.versions[0];
        let version = latest?.number ?? 0;
        const sameContent =
          latest !== undefined &&
          latest.body === file.draft.body &&
          sameJson(latest.messages ?? null, file.draft.messages) &&
          sameJson(latest.config ?? {}, file.draft.config) &&
          sameDeclarations(
            normalizeDeclarations(latest.variables as unknown[]),
            file.draft.variables,
          );
        if (!sameContent) {
          version += 1;
          // Labels are pointed below, with the others, so they count as moved once.
          await insertVersion(tx, existing.id, version, { ...file.draft, labels: [] }, actor);
          status = 'VERSION_ADDED';
        }
        const currentTags = existing.tags.map((t) => t.tag);
        const metadataChanged =
          existing.description !== file.description ||
          currentTags.join('\n') !== file.tags.join('\n');
        if (metadataChanged || status === 'VERSION_ADDED') {
          await tx.promptTemplate.update({
            where: { id: existing.id },
            data: {
              description: file.description,
              tags: { deleteMany: {}, create: file.tags.map((tag) => ({ tag })) },
              updatedAt: new Date(),
            },
          });
        }
        const labelsMoved: string[] = [];
        const moves: LabelMove[] = [];
        for (const label of file.draft.labels) {
          const current = await tx.promptLabel.findUnique({
            where: { promptId_name: { promptId: existing.id, name: label } },
          });
          if (current?.number === version) continue;
          moves.push(await pointLabel(tx, existing.id, label, version, actor, file.draft.message));
          labelsMoved.push(label);
        }
        if (status === 'UNCHANGED' && (metadataChanged || labelsMoved.length > 0)) {
          status = 'UPDATED';
        }
        outcomes.push({ name: file.name, path: file.path, status, version, labelsMoved, moves });
      }
      return outcomes;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
