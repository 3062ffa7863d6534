// textEdits: Monaco-shaped edits that rebuild the new text from the old one,
// with columns in UTF-16 code units and CRLF line ends kept whole.
import { describe, expect, it } from 'vitest';
import { textEdits } from '../../src/core/files/text-edits.ts';
import { applyEdits } from '../utils/text-edits.ts';

describe('textEdits', () => {
  it('places a one-word change by line and UTF-16 column', () => {
    expect(textEdits('héllo 😀 world\nnext\n', 'héllo 😀 World\nnext\n')).toEqual([
      {
        range: { startLineNumber: 1, startColumn: 10, endLineNumber: 1, endColumn: 11 },
        text: 'W',
      },
    ]);
  });

  it('never splits a CRLF line end', () => {
    const edits = textEdits('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n') ?? [];
    expect(applyEdits('a\r\nb\r\nc\r\n', edits)).toBe('a\r\nB\r\nc\r\n');
    for (const edit of edits) expect(edit.range.startColumn).toBe(1);
  });

  it('rebuilds the new text for random line edits, insertions and deletions', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: 1 + random(30) }, (_, i) => `line ${i} ${random(5)}`);
      const after = [...before];
      for (let change = 0; change < 1 + random(4); change++) {
        const at = random(after.length + 1);
        const what = random(3);
        if (what === 0) after.splice(at, 0, `new ${random(100)}`);
        else if (what === 1) after.splice(at, 1);
        else after[at] = `changed ${random(100)} ${after[at] ?? ''}`;
      }
      const from = before.join('\n') + (round % 2 ? '\n' : '');
      const to = after.join('\n') + (round % 3 ? '\n' : '');
      const edits = textEdits(from, to);
      expect(edits).toBeDefined();
      expect(applyEdits(from, edits ?? [])).toBe(to);
    }
  });

  it('gives up (undefined) when too many lines change for edits to be worth it', () => {
    const before = Array.from({ length: 5_000 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 5_000 }, (_, i) => `b${i}`).join('\n');
    expect(textEdits(before, after)).toBeUndefined();
  });
});
