// The names a prompt library uses: prompt names (also file names on export),
// labels and tags, each checked in one place with a message that says the rule.
import { InvalidInput } from '../errors.ts';

/** A name is also `<name>.md` in an exported folder: no separators, no leading dot. */
const promptName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const labelName = /^[a-z0-9][a-z0-9._-]{0,49}$/;
const tagName = /^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,49}$/;
const maxTags = 20;

/** Always means the highest version number; it cannot be set or removed. */
export const latestLabel = 'latest';

export function checkPromptName(name: string): string {
  if (!promptName.test(name)) {
    throw new InvalidInput(
      'prompt name must start with a letter or digit and hold only letters, digits, ".", "_" and "-" (at most 100)',
      { field: 'name' },
    );
  }
  return name;
}

export function checkLabelName(label: string, { settable = true } = {}): string {
  if (!labelName.test(label)) {
    throw new InvalidInput(
      'label must start with a lowercase letter or digit and hold only a-z, 0-9, ".", "_" and "-" (at most 50)',
      { field: 'label' },
    );
  }
  if (settable && label === latestLabel) {
    throw new InvalidInput('"latest" always points at the newest version and cannot be set', {
      field: 'label',
    });
  }
  return label;
}

/** Tags trimmed, checked, de-duplicated and sorted. */
export function normalizeTags(tags: readonly string[]): string[] {
  const unique = [...new Set(tags.map((tag) => tag.trim()))].sort();
  if (unique.length > maxTags) {
    throw new InvalidInput(`a prompt may have at most ${maxTags} tags`, { field: 'tags' });
  }
  for (const tag of unique) {
    if (!tagName.test(tag)) {
      throw new InvalidInput(
        `tag "${tag.slice(0, 60)}" must start with a letter or digit and hold only letters, digits, spaces and . _ : / - (at most 50)`,
        { field: 'tags' },
      );
    }
  }
  return unique;
}
