// The worker side of RegexReplacer (regex-replacer.ts): compiles the client's
// regex once and replaces in each text it is sent. Loaded by Node itself
// (type stripping), so it imports only erasable TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { replaceText } from './text-replacement.ts';

interface Setup {
  source: string;
  flags: string;
  replacement: string;
  maxMatches: number;
}

const setup = workerData as Setup;
const rule = {
  pattern: new RegExp(setup.source, setup.flags),
  replacement: setup.replacement,
  expand: true,
  maxMatches: setup.maxMatches,
};

parentPort?.on('message', (request: { id: number; text: string }) => {
  rule.pattern.lastIndex = 0;
  parentPort?.postMessage({ id: request.id, ...replaceText(request.text, rule) });
});
