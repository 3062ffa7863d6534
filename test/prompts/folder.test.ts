import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { createPrompt, firstError } from './prompt-api.ts';

interface ImportData {
  importPrompts: {
    folder: string;
    prompts: Array<{
      name: string;
      path: string;
      status: string;
      version: number;
      labelsMoved: string[];
    }>;
  };
}
interface ExportData {
  exportPrompts: {
    folder: string;
    prompts: Array<{ name: string; path: string; version: number; written: boolean }>;
  };
}

const importFolder = (url: string, headers: Record<string, string>, folder: string) =>
  gql<ImportData>(
    url,
    `mutation($folder: String!) { importPrompts(folder: $folder) {
      folder prompts { name path status version labelsMoved }
    } }`,
    { folder },
    headers,
  );

const exportFolder = (
  url: string,
  headers: Record<string, string>,
  folder: string,
  names?: string[],
) =>
  gql<ExportData>(
    url,
    `mutation($folder: String!, $names: [String!]) { exportPrompts(folder: $folder, names: $names) {
      folder prompts { name path version written }
    } }`,
    { folder, names },
    headers,
  );

const summarizeFile = `---
name: summarize
description: Summarize a document
tags: [docs, writing]
labels: [production]
variables:
  text: string
  words: { type: number, default: 100, description: Length of the summary }
---
Summarize in {{words}} words:
{{text}}
`;

const greetFile = `---
description: Greets someone
variables:
  who: { type: string, default: world }
---
Hello {{who}}!
`;

describe('importing and exporting a folder of prompt files', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  const write = async (relative: string, text: string) => {
    await mkdir(join(t.projectRoot, relative, '..'), { recursive: true });
    await writeFile(join(t.projectRoot, relative), text);
  };
  const versionCount = () => t.server.services.db.promptVersion.count();

  it('imports markdown files with front matter, named by front matter or by file name', async () => {
    await write('library/summarize.md', summarizeFile);
    await write('library/greet.md', greetFile);
    await write('library/README.txt', 'not a prompt');
    const result = await importFolder(t.graphqlUrl, t.authHeaders, 'library');
    expect(result.errors).toBeUndefined();
    expect(result.data?.importPrompts).toEqual({
      folder: 'library',
      prompts: [
        { name: 'greet', path: 'library/greet.md', status: 'CREATED', version: 1, labelsMoved: [] },
        {
          name: 'summarize',
          path: 'library/summarize.md',
          status: 'CREATED',
          version: 1,
          labelsMoved: ['production'],
        },
      ],
    });
    const read = await gql<{ prompt: Record<string, unknown> }>(
      t.graphqlUrl,
      `{ prompt(name: "summarize") { description tags labels { name version }
         version { body message variables { name type default description } } } }`,
      {},
      t.authHeaders,
    );
    expect(read.data?.prompt).toEqual({
      description: 'Summarize a document',
      tags: ['docs', 'writing'],
      labels: [{ name: 'production', version: 1 }],
      version: {
        body: 'Summarize in {{words}} words:\n{{text}}',
        message: 'imported from library',
        variables: [
          { name: 'text', type: 'STRING', default: null, description: null },
          { name: 'words', type: 'NUMBER', default: 100, description: 'Length of the summary' },
        ],
      },
    });
  });

  it('changes nothing when the same folder is imported again', async () => {
    const before = await versionCount();
    const updatedAt = (
      await t.server.services.db.promptTemplate.findUniqueOrThrow({ where: { name: 'summarize' } })
    ).updatedAt;
    const again = await importFolder(t.graphqlUrl, t.authHeaders, 'library');
    expect(again.data?.importPrompts.prompts.map((p) => [p.name, p.status, p.version])).toEqual([
      ['greet', 'UNCHANGED', 1],
      ['summarize', 'UNCHANGED', 1],
    ]);
    expect(await versionCount()).toBe(before);
    const after = await t.server.services.db.promptTemplate.findUniqueOrThrow({
      where: { name: 'summarize' },
    });
    expect(after.updatedAt).toEqual(updatedAt);
  });

  it('adds a version for a changed body, and only moves labels for changed labels', async () => {
    await write(
      'library/summarize.md',
      summarizeFile.replace('Summarize in', 'Briefly summarize in'),
    );
    const changed = await importFolder(t.graphqlUrl, t.authHeaders, 'library');
    expect(changed.data?.importPrompts.prompts[1]).toMatchObject({
      name: 'summarize',
      status: 'VERSION_ADDED',
      version: 2,
      labelsMoved: ['production'],
    });

    await write(
      'library/greet.md',
      greetFile.replace(
        'description: Greets someone',
        'description: Greets someone\nlabels: [staging]',
      ),
    );
    const relabelled = await importFolder(t.graphqlUrl, t.authHeaders, 'library');
    expect(relabelled.data?.importPrompts.prompts).toMatchObject([
      { name: 'greet', status: 'UPDATED', version: 1, labelsMoved: ['staging'] },
      { name: 'summarize', status: 'UNCHANGED', version: 2, labelsMoved: [] },
    ]);
  });

  it('exports each prompt as <name>.md that imports back to the same versions', async () => {
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'tricky',
      description: 'Starts with a rule: and has "quotes"',
      tags: ['edge'],
      body: '---\nnot front matter\n---\n{{#items}}* {{.}}\n{{/items}}\n\n',
      variables: [{ name: 'items', type: 'JSON', default: { b: [1, 2], a: null } }],
      labels: ['production'],
    });
    const first = await exportFolder(t.graphqlUrl, t.authHeaders, 'exported');
    expect(first.errors).toBeUndefined();
    expect(first.data?.exportPrompts.prompts.map((p) => [p.path, p.written])).toEqual([
      ['exported/greet.md', true],
      ['exported/summarize.md', true],
      ['exported/tricky.md', true],
    ]);
    expect(await readFile(join(t.projectRoot, 'exported/summarize.md'), 'utf8')).toBe(`---
name: summarize
description: Summarize a document
tags:
  - docs
  - writing
labels:
  - production
variables:
  text: string
  words:
    type: number
    default: 100
    description: Length of the summary
---
Briefly summarize in {{words}} words:
{{text}}
`);

    const second = await exportFolder(t.graphqlUrl, t.authHeaders, 'exported');
    expect(second.data?.exportPrompts.prompts.every((p) => !p.written)).toBe(true);

    const before = await versionCount();
    const back = await importFolder(t.graphqlUrl, t.authHeaders, 'exported');
    expect(back.data?.importPrompts.prompts.map((p) => p.status)).toEqual([
      'UNCHANGED',
      'UNCHANGED',
      'UNCHANGED',
    ]);
    expect(await versionCount()).toBe(before);
  });

  it('recreates deleted prompts byte for byte from an export', async () => {
    const original = await gql<{ prompt: { version: unknown } }>(
      t.graphqlUrl,
      '{ prompt(name: "tricky") { description tags version { body variables { name type default } } } }',
      {},
      t.authHeaders,
    );
    await gql(t.graphqlUrl, 'mutation { deletePrompt(name: "tricky") }', {}, t.authHeaders);
    const restored = await importFolder(t.graphqlUrl, t.authHeaders, 'exported');
    expect(restored.data?.importPrompts.prompts[2]).toMatchObject({
      name: 'tricky',
      status: 'CREATED',
    });
    const now = await gql(
      t.graphqlUrl,
      '{ prompt(name: "tricky") { description tags version { body variables { name type default } } } }',
      {},
      t.authHeaders,
    );
    expect(now).toEqual(original);
  });

  it('exports only the prompts named, and NOT_FOUND for an unknown one', async () => {
    const some = await exportFolder(t.graphqlUrl, t.authHeaders, 'only-greet', ['greet']);
    expect(some.data?.exportPrompts.prompts.map((p) => p.name)).toEqual(['greet']);
    expect(await readdir(join(t.projectRoot, 'only-greet'))).toEqual(['greet.md']);
    const unknown = await exportFolder(t.graphqlUrl, t.authHeaders, 'only-greet', ['ghost']);
    expect(firstError(unknown).code).toBe('NOT_FOUND');
  });

  it('imports nothing when one file is bad, and names the file', async () => {
    await write('mixed/good.md', '---\nname: good-one\n---\nfine\n');
    await write('mixed/bad.md', '---\nvariables:\n  x: string\n---\nno use of the variable\n');
    const result = await importFolder(t.graphqlUrl, t.authHeaders, 'mixed');
    expect(firstError(result)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'mixed/bad.md: variable "x" is declared but not used in the template',
      extensions: { path: 'mixed/bad.md', variable: 'x' },
    });
    expect(await t.server.services.db.promptTemplate.count({ where: { name: 'good-one' } })).toBe(
      0,
    );
  });

  it.each([
    [
      'unknown key',
      '---\nvaraibles:\n  x: string\n---\n{{x}}\n',
      'unknown front matter key "varaibles"',
    ],
    ['broken YAML', '---\ntags: [unclosed\n---\nbody\n', 'front matter is not valid YAML'],
    ['bad tags', '---\ntags: red\n---\nbody\n', 'front matter "tags" must be a list of text'],
    [
      'bad type',
      '---\nvariables:\n  x: text\n---\n{{x}}\n',
      'variable "x": type must be one of string, number, boolean, json',
    ],
  ])('refuses a file with %s', async (_case, text, message) => {
    const folder = `bad-${_case.replace(/\W/g, '-')}`;
    await write(`${folder}/p.md`, text);
    const result = await importFolder(t.graphqlUrl, t.authHeaders, folder);
    expect(firstError(result).code).toBe('BAD_USER_INPUT');
    expect(firstError(result).message).toContain(message);
  });

  it('refuses two files that define the same prompt', async () => {
    await write('twice/a.md', '---\nname: same\n---\na\n');
    await write('twice/b.md', '---\nname: same\n---\nb\n');
    const result = await importFolder(t.graphqlUrl, t.authHeaders, 'twice');
    expect(firstError(result).message).toBe(
      'twice/b.md: prompt "same" is also defined in twice/a.md',
    );
  });

  it('refuses executable front matter without running it', async () => {
    const marker = join(t.dataDir, 'pwned');
    await write(
      'evil/p.md',
      `---js\n{ name: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 'evil') }\n---\nhi\n`,
    );
    const result = await importFolder(t.graphqlUrl, t.authHeaders, 'evil');
    expect(firstError(result)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(firstError(result).message).toContain('executable front matter (---js) is refused');
    await expect(readFile(marker)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects a folder that escapes the project root', async () => {
    for (const folder of ['../outside', '/etc', 'library/../../x']) {
      const imported = await importFolder(t.graphqlUrl, t.authHeaders, folder);
      expect(firstError(imported).code, folder).toBe('FORBIDDEN');
      const exported = await exportFolder(t.graphqlUrl, t.authHeaders, folder);
      expect(firstError(exported).code, folder).toBe('FORBIDDEN');
    }
    const nul = await importFolder(t.graphqlUrl, t.authHeaders, 'lib\0rary');
    expect(firstError(nul)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'folder' },
    });
    const missing = await importFolder(t.graphqlUrl, t.authHeaders, 'no-such-folder');
    expect(firstError(missing)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'folder "no-such-folder" does not exist',
    });
  });

  it('rejects symlinks that lead out of the project root, for folders and files', async () => {
    const outside = await makeTempDir('genpod-outside-');
    try {
      await writeFile(join(outside.path, 'secret.md'), '---\nname: stolen\n---\nsecret\n');
      await symlink(outside.path, join(t.projectRoot, 'linked-out'));
      expect(firstError(await importFolder(t.graphqlUrl, t.authHeaders, 'linked-out')).code).toBe(
        'FORBIDDEN',
      );
      expect(firstError(await exportFolder(t.graphqlUrl, t.authHeaders, 'linked-out')).code).toBe(
        'FORBIDDEN',
      );
      expect(
        firstError(await exportFolder(t.graphqlUrl, t.authHeaders, 'linked-out/deeper')).code,
      ).toBe('FORBIDDEN');
      expect(await readdir(outside.path)).toEqual(['secret.md']);

      await mkdir(join(t.projectRoot, 'file-link'));
      await symlink(join(outside.path, 'secret.md'), join(t.projectRoot, 'file-link/secret.md'));
      const viaFile = await importFolder(t.graphqlUrl, t.authHeaders, 'file-link');
      expect(firstError(viaFile)).toMatchObject({
        code: 'FORBIDDEN',
        message: 'file-link/secret.md leads outside the project root',
      });
      expect(await t.server.services.db.promptTemplate.count({ where: { name: 'stolen' } })).toBe(
        0,
      );
    } finally {
      await outside.remove();
    }
  });

  it('replaces a symlink at an export target instead of writing through it', async () => {
    const outside = await makeTempDir('genpod-outside-');
    try {
      await writeFile(join(outside.path, 'target.md'), 'untouched');
      await mkdir(join(t.projectRoot, 'trap'));
      await symlink(join(outside.path, 'target.md'), join(t.projectRoot, 'trap/greet.md'));
      const result = await exportFolder(t.graphqlUrl, t.authHeaders, 'trap', ['greet']);
      expect(result.errors).toBeUndefined();
      expect(await readFile(join(outside.path, 'target.md'), 'utf8')).toBe('untouched');
      expect(await readFile(join(t.projectRoot, 'trap/greet.md'), 'utf8')).toContain(
        'Hello {{who}}!',
      );
    } finally {
      await outside.remove();
    }
  });
});

describe('prompt folders under the files access rules', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ FILES_READ_ONLY: 'true', FILES_DENY: 'private/**' });
    await createPrompt(t.graphqlUrl, t.authHeaders, { name: 'kept', body: 'k' });
  });
  afterAll(() => t.stop());

  it('refuses to export into a read-only project and writes nothing', async () => {
    const result = await exportFolder(t.graphqlUrl, t.authHeaders, 'prompts');
    expect(firstError(result)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'the project is read-only (FILES_READ_ONLY)',
    });
    await expect(readdir(join(t.projectRoot, 'prompts'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to import from a denied folder', async () => {
    await mkdir(join(t.projectRoot, 'private'), { recursive: true });
    await writeFile(join(t.projectRoot, 'private/p.md'), 'hidden');
    const result = await importFolder(t.graphqlUrl, t.authHeaders, 'private');
    expect(firstError(result).code).toBe('FORBIDDEN');
  });
});
