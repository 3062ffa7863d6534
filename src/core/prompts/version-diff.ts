// What changed between two versions of a prompt: the body as a unified diff
// (text for people and tools, hunks for a UI), and the variables by name.
import { formatPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import type { PromptVersionRecord } from './repository.ts';
import { sameDeclarations, type PromptVariable } from './variables.ts';

export interface PromptDiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each line starts with " ", "-" or "+"; "\" marks a missing final newline. */
  lines: string[];
}

export interface VariableChanges {
  added: string[];
  removed: string[];
  /** Declared in both, with a different type, default or description. */
  changed: string[];
}

export interface PromptDiff {
  prompt: string;
  from: number;
  to: number;
  /** `--- name@v1` / `+++ name@v2` then the hunks; empty when the bodies are equal. */
  unified: string;
  hunks: PromptDiffHunk[];
  variables: VariableChanges;
  identical: boolean;
}

function compareVariables(
  from: readonly PromptVariable[],
  to: readonly PromptVariable[],
): VariableChanges {
  const before = new Map(from.map((variable) => [variable.name, variable]));
  const after = new Map(to.map((variable) => [variable.name, variable]));
  return {
    added: [...after.keys()].filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
    changed: [...after.entries()]
      .filter(([name, variable]) => {
        const old = before.get(name);
        return old !== undefined && !sameDeclarations([old], [variable]);
      })
      .map(([name]) => name),
  };
}

export function diffVersions(from: PromptVersionRecord, to: PromptVersionRecord): PromptDiff {
  const patch = structuredPatch(
    `${from.prompt}@v${from.number}`,
    `${to.prompt}@v${to.number}`,
    from.body,
    to.body,
    undefined,
    undefined,
    { context: 3 },
  );
  const hunks = patch.hunks.map((hunk: StructuredPatchHunk) => ({
    oldStart: hunk.oldStart,
    oldLines: hunk.oldLines,
    newStart: hunk.newStart,
    newLines: hunk.newLines,
    lines: hunk.lines,
  }));
  const variables = compareVariables(from.variables, to.variables);
  const identical =
    hunks.length === 0 &&
    variables.added.length + variables.removed.length + variables.changed.length === 0;
  return {
    prompt: to.prompt,
    from: from.number,
    to: to.number,
    unified:
      hunks.length === 0
        ? ''
        : formatPatch(patch, {
            includeIndex: false,
            includeUnderline: false,
            includeFileHeaders: true,
          }),
    hunks,
    variables,
    identical,
  };
}
