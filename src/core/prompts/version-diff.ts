// What changed between two versions of a prompt: the body (a CHAT prompt's
// messages, one block each) as a unified diff (text for people and tools,
// hunks for a UI), the variables by name, and whether the config changed.
import { formatPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import type { PromptVersionRecord } from './repository.ts';
import { sameDeclarations, sameJson, type PromptVariable } from './variables.ts';

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
  configChanged: boolean;
  identical: boolean;
}

/** The text compared: a TEXT body, or each CHAT message as `[role]` then its content. */
function diffText(version: PromptVersionRecord): string {
  if (version.messages === null) return version.body;
  return version.messages
    .map((message) =>
      'placeholder' in message
        ? `[placeholder: ${message.placeholder}]`
        : `[${message.role}]\n${message.content}`,
    )
    .join('\n\n');
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
    diffText(from),
    diffText(to),
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
  const configChanged = !sameJson(from.config, to.config);
  const identical =
    hunks.length === 0 &&
    !configChanged &&
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
    configChanged,
    identical,
  };
}
