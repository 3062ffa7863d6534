// The edits that turn one version of a text file into the next, in the shape
// Monaco's `model.applyEdits` takes (docs/live-files.md, "Edits for editors").
// Lines are diffed with the `diff` package, then each small replaced block is
// refined to characters, so a one-word change sends that word, not its line.
import { diffChars, diffLines, type ChangeObject } from 'diff';

/** Monaco's IRange: 1-based lines and columns (UTF-16 code units), end exclusive. */
export interface TextRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** Replace `range` of the previous version with `text` (empty `text`: a deletion). */
export interface TextEdit {
  range: TextRange;
  text: string;
}

interface Position {
  line: number;
  column: number;
}

/** Replaced blocks up to this many characters (each side) are refined to characters. */
const REFINE_LIMIT = 4_096;
/** More changed lines than this, or a slower diff, and the client gets the whole content. */
const MAX_EDIT_LENGTH = 2_000;
const DIFF_TIMEOUT_MS = 100;

function advance(position: Position, text: string): Position {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak === -1) return { line: position.line, column: position.column + text.length };
  let breaks = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks++;
  return { line: position.line + breaks, column: text.length - lastBreak };
}

function range(start: Position, end: Position): TextRange {
  return {
    startLineNumber: start.line,
    startColumn: start.column,
    endLineNumber: end.line,
    endColumn: end.column,
  };
}

/**
 * Walks a diff from `start`, turning each run of removals and additions into
 * one edit whose range covers what was removed in the previous text.
 */
function editsOf(changes: ChangeObject<string>[], start: Position, refine: boolean): TextEdit[] {
  const edits: TextEdit[] = [];
  let position = start;
  let removed = '';
  let added = '';
  let blockStart = position;
  const flush = () => {
    if (removed === '' && added === '') return;
    const end = advance(blockStart, removed);
    if (refine && removed.length <= REFINE_LIMIT && added.length <= REFINE_LIMIT) {
      // A carriage return split from its line feed would not be a Monaco position.
      const splitsLineEnd = removed.includes('\r') || added.includes('\r');
      if (!splitsLineEnd) edits.push(...editsOf(diffChars(removed, added), blockStart, false));
      else edits.push({ range: range(blockStart, end), text: added });
    } else {
      edits.push({ range: range(blockStart, end), text: added });
    }
    position = end;
    removed = '';
    added = '';
  };
  for (const change of changes) {
    if (change.removed) {
      if (removed === '' && added === '') blockStart = position;
      removed += change.value;
    } else if (change.added) {
      if (removed === '' && added === '') blockStart = position;
      added += change.value;
    } else {
      flush();
      position = advance(position, change.value);
    }
  }
  flush();
  return edits;
}

/**
 * The edits from `before` to `after`, non-overlapping and in order, with
 * ranges in `before` (as `applyEdits` wants them); undefined when the texts
 * differ too much for edits to be worth it (the diff gave up).
 */
export function textEdits(before: string, after: string): TextEdit[] | undefined {
  const changes = diffLines(before, after, {
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: DIFF_TIMEOUT_MS,
  });
  if (!changes) return undefined;
  return editsOf(changes, { line: 1, column: 1 }, true);
}

/** The serialized size of edits, to compare with the content they replace. */
export function editsSize(edits: TextEdit[]): number {
  return JSON.stringify(edits).length;
}
