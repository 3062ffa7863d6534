// `{{> name}}`, `{{> name@label}}` and `{{> name#3}}`: a template including
// another prompt, resolved when the including prompt is rendered.
import { InvalidInput } from '../errors.ts';
import { checkLabelName, checkPromptName } from './identifiers.ts';

export interface IncludeReference {
  /** As written after `>`, trimmed: the key its rendered text is found by. */
  text: string;
  name: string;
  label?: string | undefined;
  version?: number | undefined;
}

export function parseIncludeReference(text: string): IncludeReference {
  const reference = text.trim();
  const match = /^([^@#\s]+)(?:@([^@#\s]+)|#(\d{1,9}))?$/.exec(reference);
  if (!match?.[1]) {
    throw new InvalidInput(
      `include "{{> ${reference}}}" must be {{> name}}, {{> name@label}} or {{> name#version}}`,
      { field: 'body' },
    );
  }
  const name = checkPromptName(match[1]);
  const label = match[2] === undefined ? undefined : checkLabelName(match[2], { settable: false });
  const version = match[3] === undefined ? undefined : Number(match[3]);
  if (version === 0) {
    throw new InvalidInput(`include "{{> ${reference}}}": versions count from 1`, {
      field: 'body',
    });
  }
  return { text: reference, name, label, version };
}

/** How a reference reads in a message: `b`, `b@staging`, `b#3`. */
export function describeReference(reference: IncludeReference): string {
  return reference.text;
}
