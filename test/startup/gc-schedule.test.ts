// The server sets V8's marking triggers (src/gc-schedule.ts): flags V8 must
// know (it prints "unrecognized flag" and ignores one it does not), and that
// an operator's own, on Node's command line, replace.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { markingTriggerFlags, markingTriggersToSet } from '../../src/gc-schedule.ts';

const schedule = fileURLToPath(new URL('../../src/gc-schedule.ts', import.meta.url));

function runScheduling(nodeArgs: string[]) {
  return spawnSync(
    process.execPath,
    [
      ...nodeArgs,
      '--input-type=module',
      '-e',
      `const { scheduleMarkingForServer } = await import(${JSON.stringify(schedule)});
       scheduleMarkingForServer();
       process.stdout.write('scheduled');`,
    ],
    { encoding: 'utf8' },
  );
}

describe('marking triggers', () => {
  it('are flags this Node’s V8 knows, set without a complaint', () => {
    const run = runScheduling([]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('scheduled');
    const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    for (const flag of markingTriggerFlags) expect(known).toContain(flag.split('=')[0]);
  });

  it('leave out what the operator gave, spelled with dashes or underscores', () => {
    expect(markingTriggersToSet([])).toEqual([...markingTriggerFlags]);
    expect(markingTriggersToSet(['--incremental_marking_soft_trigger=50', ''])).toEqual([
      '--incremental-marking-hard-trigger=95',
    ]);
    expect(
      markingTriggersToSet([
        '--incremental-marking-hard-trigger=0',
        '--incremental-marking-soft-trigger=0',
      ]),
    ).toEqual([]);
    expect(markingTriggersToSet(['--max-old-space-size=512'])).toEqual([...markingTriggerFlags]);
  });
});
