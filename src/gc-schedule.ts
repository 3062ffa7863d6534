// When V8 starts marking the old generation, for a server process.
//
// By default V8 starts incremental marking as soon as the room left under the
// old generation's limit is smaller than the young generation's capacity (up
// to 64 MiB on 64-bit Node, where pointers are not compressed). A GenPod
// server holds about 70 MiB after start-up, and V8 sets the next limit about
// 40 MiB above that: the room is short of 64 MiB from the first collection
// on, so under steady requests V8 runs a full mark-compact every one or two
// seconds while the old generation has hardly grown (74 → 77 MiB). Each one
// stops the event loop for 8 to 19 ms, and the live events that arrive
// meanwhile wait for it: that was the p99 of the watcher's burst benchmark.
// (The room also counts the Buffers allocated since the last collection: the
// watcher's reads are sized to the file for that reason, docs/watcher.md.)
//
// V8's own triggers in percent of that room replace the heuristic: marking
// starts (in a task) once 70% of it is used, at once past 95%. The limit
// itself, and so the heap the process may reach, stays V8's. Measured in
// docs/performance.md, "When V8 starts marking".
import { setFlagsFromString } from 'node:v8';

export const markingTriggerFlags = [
  '--incremental-marking-soft-trigger=70',
  '--incremental-marking-hard-trigger=95',
] as const;

/** V8 accepts `--a-b` and `--a_b` for the same flag. */
function flagName(arg: string): string {
  return (arg.split('=')[0] ?? '').replaceAll('_', '-');
}

/**
 * The flags of `markingTriggerFlags` that the operator did not give on
 * Node's command line (`given`; NODE_OPTIONS refuses V8 flags): theirs win.
 */
export function markingTriggersToSet(given: readonly string[]): string[] {
  const named = new Set(given.map(flagName));
  return markingTriggerFlags.filter((flag) => !named.has(flagName(flag)));
}

/** Sets the marking triggers in this process, unless given on Node's command line. */
export function scheduleMarkingForServer(): void {
  for (const flag of markingTriggersToSet(process.execArgv)) setFlagsFromString(flag);
}
