import { parsePatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { addVersion, createPrompt, firstError } from './prompt-api.ts';

interface DiffData {
  promptDiff: {
    prompt: string;
    from: number;
    to: number;
    unified: string;
    identical: boolean;
    hunks: Array<{
      oldStart: number;
      oldLines: number;
      newStart: number;
      newLines: number;
      lines: string[];
    }>;
    variables: { added: string[]; removed: string[]; changed: string[] };
  };
}

const diffQuery = `query($name: String!, $from: PromptVersionRef!, $to: PromptVersionRef!) {
  promptDiff(name: $name, from: $from, to: $to) {
    prompt from to unified identical
    hunks { oldStart oldLines newStart newLines lines }
    variables { added removed changed }
  }
}`;

describe('diff between two versions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await createPrompt(t.graphqlUrl, t.authHeaders, {
      name: 'letter',
      body: 'Dear {{name}},\nThanks for writing.\nRegards',
      variables: [{ name: 'name', type: 'STRING' }],
      labels: ['production'],
    });
    await addVersion(t.graphqlUrl, t.authHeaders, {
      name: 'letter',
      body: 'Dear {{name}},\nThanks for writing about {{topic}}.\nRegards',
      variables: [
        { name: 'name', type: 'STRING', default: 'friend' },
        { name: 'topic', type: 'STRING' },
      ],
      labels: ['staging'],
    });
  });
  afterAll(() => t.stop());

  it('gives a unified diff and its hunks for the bodies, by version numbers', async () => {
    const result = await gql<DiffData>(
      t.graphqlUrl,
      diffQuery,
      {
        name: 'letter',
        from: { version: 1 },
        to: { version: 2 },
      },
      t.authHeaders,
    );
    expect(result.errors).toBeUndefined();
    const diff = result.data?.promptDiff;
    expect(diff).toMatchObject({ prompt: 'letter', from: 1, to: 2, identical: false });
    expect(diff?.hunks).toEqual([
      {
        oldStart: 1,
        oldLines: 3,
        newStart: 1,
        newLines: 3,
        lines: [
          ' Dear {{name}},',
          '-Thanks for writing.',
          '+Thanks for writing about {{topic}}.',
          ' Regards',
          '\\ No newline at end of file',
        ],
      },
    ]);
    expect(diff?.unified.split('\n').slice(0, 2)).toEqual(['--- letter@v1', '+++ letter@v2']);
    // The text is a real unified diff: a standard parser reads the same hunks back.
    const [parsed] = parsePatch(diff?.unified ?? '');
    expect(parsed?.hunks.map((h) => h.lines)).toEqual(diff?.hunks.map((h) => h.lines));
  });

  it('names the variables added, removed and changed', async () => {
    const forward = await gql<DiffData>(
      t.graphqlUrl,
      diffQuery,
      {
        name: 'letter',
        from: { label: 'production' },
        to: { label: 'staging' },
      },
      t.authHeaders,
    );
    expect(forward.data?.promptDiff.variables).toEqual({
      added: ['topic'],
      removed: [],
      changed: ['name'],
    });
    const backward = await gql<DiffData>(
      t.graphqlUrl,
      diffQuery,
      {
        name: 'letter',
        from: { label: 'latest' },
        to: { version: 1 },
      },
      t.authHeaders,
    );
    expect(backward.data?.promptDiff.variables).toEqual({
      added: [],
      removed: ['topic'],
      changed: ['name'],
    });
  });

  it('says identical with an empty diff for the same version', async () => {
    const same = await gql<DiffData>(
      t.graphqlUrl,
      diffQuery,
      {
        name: 'letter',
        from: { label: 'staging' },
        to: { version: 2 },
      },
      t.authHeaders,
    );
    expect(same.data?.promptDiff).toMatchObject({ identical: true, unified: '', hunks: [] });
  });

  it('answers NOT_FOUND for a missing version and BAD_USER_INPUT for a ref with both fields', async () => {
    const missing = await gql(
      t.graphqlUrl,
      diffQuery,
      {
        name: 'letter',
        from: { version: 1 },
        to: { version: 7 },
      },
      t.authHeaders,
    );
    expect(firstError(missing)).toMatchObject({
      code: 'NOT_FOUND',
      message: 'prompt "letter" has no version 7',
    });
    const both = await gql(
      t.graphqlUrl,
      diffQuery,
      {
        name: 'letter',
        from: { version: 1, label: 'production' },
        to: { version: 2 },
      },
      t.authHeaders,
    );
    expect(firstError(both)).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
