// Which prompts include a prompt, directly or through others: what a render
// of each would change if one of its labels moved. Only the versions a render
// can reach count: the newest and every labelled one.
import type { Database } from '../db/database.ts';
import type { PromptMessageTemplate } from './chat-messages.ts';
import { checkPromptName } from './identifiers.ts';
import { templateIncludes } from './template.ts';
import { templateOrThrow } from './repository.ts';

export interface PromptDependent {
  name: string;
  /** It includes the prompt itself, not only through another. */
  direct: boolean;
  /** The shortest chain of includes, from the dependent to the prompt. */
  chain: string[];
}

function includedNames(body: string, messages: unknown): string[] {
  const templates =
    messages === null
      ? [body]
      : (messages as PromptMessageTemplate[]).flatMap((m) => ('content' in m ? [m.content] : []));
  return templates.flatMap((template) => {
    try {
      return templateIncludes(template).map((reference) => reference.name);
    } catch {
      // Checked on save; a row edited by hand is not this view's to refuse.
      return [];
    }
  });
}

export async function listDependents(db: Database, name: string): Promise<PromptDependent[]> {
  checkPromptName(name);
  await templateOrThrow(db, name);
  const versionFields = { body: true, messages: true } as const;
  const [newest, labelled] = await Promise.all([
    db.promptTemplate.findMany({
      select: {
        name: true,
        versions: { orderBy: { number: 'desc' }, take: 1, select: versionFields },
      },
    }),
    db.promptVersion.findMany({
      where: { labels: { some: {} } },
      select: { ...versionFields, prompt: { select: { name: true } } },
    }),
  ]);
  // includer → the prompts its live versions include
  const includes = new Map<string, Set<string>>();
  const add = (includer: string, version: { body: string; messages: unknown }) => {
    const set = includes.get(includer) ?? new Set<string>();
    for (const included of includedNames(version.body, version.messages)) set.add(included);
    includes.set(includer, set);
  };
  for (const template of newest) {
    for (const version of template.versions) add(template.name, version);
  }
  for (const version of labelled) add(version.prompt.name, version);

  // Breadth first from the prompt asked about, so each chain is a shortest one.
  const found = new Map<string, PromptDependent>();
  let frontier: PromptDependent[] = [{ name, direct: false, chain: [name] }];
  while (frontier.length > 0) {
    const next: PromptDependent[] = [];
    for (const target of frontier) {
      for (const [includer, included] of includes) {
        if (!included.has(target.name) || includer === name || found.has(includer)) continue;
        const dependent = {
          name: includer,
          direct: target.name === name,
          chain: [includer, ...target.chain],
        };
        found.set(includer, dependent);
        next.push(dependent);
      }
    }
    frontier = next;
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
