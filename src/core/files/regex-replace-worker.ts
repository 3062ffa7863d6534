// The worker side of RegexReplacer (regex-replacer.ts): compiles the
// client's regex once, on RE2 (linear time, see docs/patterns.md), and
// replaces in each text it is sent. It runs in a worker because RE2 in
// JavaScript still costs time in proportion to the text times the pattern's
// size: over many large files that is seconds, which must not hold the event
// loop, and which the deadline ends. Loaded by Node itself (type stripping).
import { parentPort, workerData } from 'node:worker_threads';
import { RE2JS } from 're2js';
import { replaceEach } from './text-replacement.ts';

interface Setup {
  /** JavaScript syntax, already checked by compileLinearRegex. */
  source: string;
  caseInsensitive: boolean;
  replacement: string;
  maxMatches: number;
}

const setup = workerData as Setup;
// MULTILINE: ^ and $ at each line, as editors' replace-in-files means them.
const pattern = RE2JS.compile(
  RE2JS.translateRegExp(setup.source),
  RE2JS.MULTILINE | (setup.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0),
);
const rule = { replacement: setup.replacement, expand: true, maxMatches: setup.maxMatches };

parentPort?.on('message', (request: { id: number; text: string }) => {
  const result = replaceEach(request.text, rule, (replacer) =>
    pattern.matcher(request.text).replaceAll(replacer),
  );
  parentPort?.postMessage({ id: request.id, ...result });
});
