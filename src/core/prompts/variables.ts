// The variables a prompt version declares: a name, a type and an optional
// default. Declarations are checked when a version is saved; values are
// checked against them every time a prompt is rendered.
import { InvalidInput } from '../errors.ts';

export const promptVariableTypes = ['string', 'number', 'boolean', 'json'] as const;
export type PromptVariableType = (typeof promptVariableTypes)[number];

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface PromptVariable {
  name: string;
  type: PromptVariableType;
  /** Used when a render gives no value; a variable without one is required. */
  default?: JsonValue | undefined;
  description?: string | undefined;
}

/** What a Mustache tag may name and what survives YAML keys and JSON objects unchanged. */
const variableName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const maxVariables = 100;
const maxDescription = 1_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isPlainObject(value)) return Object.values(value).every((v) => isJsonValue(v, depth + 1));
  return false;
}

/** Why `value` is not a `type`, or undefined when it is one. */
export function typeProblem(type: PromptVariableType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string, got ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `must be a finite number, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `must be true or false, got ${describe(value)}`;
    case 'json':
      return isJsonValue(value) ? undefined : `must be a JSON value, got ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Checks a list of declarations as a client or a file gave it and returns it
 * in canonical form (sorted by name, no undefined fields), so two equal lists
 * compare equal as JSON.
 */
export function normalizeDeclarations(input: readonly unknown[]): PromptVariable[] {
  if (input.length > maxVariables) {
    throw new InvalidInput(`a prompt may declare at most ${maxVariables} variables`, {
      field: 'variables',
    });
  }
  const seen = new Set<string>();
  const declarations = input.map((item, index) => {
    if (!isPlainObject(item)) {
      throw new InvalidInput(`variables[${index}] must be an object with a name and a type`, {
        field: 'variables',
      });
    }
    const { name, type, description } = item;
    if (typeof name !== 'string' || !variableName.test(name)) {
      throw new InvalidInput(
        `variables[${index}]: name must start with a letter or _ and hold only letters, digits and _ (at most 64)`,
        { field: 'variables', variable: typeof name === 'string' ? name : null },
      );
    }
    if (seen.has(name)) {
      throw new InvalidInput(`variable "${name}" is declared twice`, { variable: name });
    }
    seen.add(name);
    if (typeof type !== 'string' || !(promptVariableTypes as readonly string[]).includes(type)) {
      throw new InvalidInput(
        `variable "${name}": type must be one of ${promptVariableTypes.join(', ')}`,
        { variable: name },
      );
    }
    const declaration: PromptVariable = { name, type: type as PromptVariableType };
    if (description !== undefined && description !== null && description !== '') {
      if (typeof description !== 'string' || description.length > maxDescription) {
        throw new InvalidInput(
          `variable "${name}": description must be text of at most ${maxDescription} characters`,
          { variable: name },
        );
      }
      declaration.description = description;
    }
    // A JSON default may itself be null, so "has a default" is about the key.
    if ('default' in item && item.default !== undefined) {
      const problem = typeProblem(declaration.type, item.default);
      if (problem) {
        throw new InvalidInput(`variable "${name}": default ${problem}`, { variable: name });
      }
      declaration.default = item.default as JsonValue;
    }
    return declaration;
  });
  return declarations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The values a render uses: every given value checked against its declaration,
 * defaults filled in. Fails on the first unknown, missing or mistyped variable,
 * naming it.
 */
export function resolveValues(
  declared: readonly PromptVariable[],
  given: Readonly<Record<string, unknown>>,
): Record<string, JsonValue> {
  const byName = new Map(declared.map((variable) => [variable.name, variable]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      const known = declared.map((variable) => variable.name).join(', ') || 'none';
      throw new InvalidInput(`unknown variable "${name}" (declared: ${known})`, {
        variable: name,
      });
    }
  }
  const values: Record<string, JsonValue> = {};
  for (const variable of declared) {
    const value = Object.hasOwn(given, variable.name) ? given[variable.name] : undefined;
    if (value === undefined) {
      if (variable.default === undefined) {
        throw new InvalidInput(`missing variable "${variable.name}" (${variable.type})`, {
          variable: variable.name,
        });
      }
      values[variable.name] = variable.default;
      continue;
    }
    const problem = typeProblem(variable.type, value);
    if (problem) {
      throw new InvalidInput(`variable "${variable.name}" ${problem}`, {
        variable: variable.name,
      });
    }
    values[variable.name] = value as JsonValue;
  }
  return values;
}

/** Whether two declaration lists say the same thing, whatever the key order of their defaults. */
export function sameDeclarations(
  a: readonly PromptVariable[],
  b: readonly PromptVariable[],
): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/** Whether two JSON values are equal, whatever the key order of their objects. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}
