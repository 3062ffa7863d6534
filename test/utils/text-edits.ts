// Applies Monaco-shaped edits to a text the way `model.applyEdits` does: every
// range is in the original text, edits are non-overlapping.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TextEdit } from '../../src/core/files/text-edits.ts';

function offsetOf(lineStarts: number[], line: number, column: number): number {
  const start = lineStarts[line - 1];
  if (start === undefined) throw new Error(`line ${line} is past the end`);
  return start + column - 1;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const spans = edits
    .map((edit) => ({
      from: offsetOf(lineStarts, edit.range.startLineNumber, edit.range.startColumn),
      to: offsetOf(lineStarts, edit.range.endLineNumber, edit.range.endColumn),
      text: edit.text,
    }))
    .sort((a, b) => a.from - b.from);
  let result = '';
  let at = 0;
  for (const span of spans) {
    if (span.from < at || span.to < span.from) throw new Error('overlapping or reversed edit');
    result += text.slice(at, span.from) + span.text;
    at = span.to;
  }
  return result + text.slice(at);
}

/**
 * Writes `text` to `name` in `root` whole, as an editor's atomic save does (a
 * temporary copy renamed over it), so no reader sees it half-written.
 */
export async function saveWhole(root: string, name: string, text: string): Promise<void> {
  const temporary = join(root, `.${name}.tmp`);
  await writeFile(temporary, text);
  await rename(temporary, join(root, name));
}
