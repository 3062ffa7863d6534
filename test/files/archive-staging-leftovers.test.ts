// An upload a kill cut short leaves its scratch folder in DATA_DIR: the next
// start removes it before serving, and uploads still work after.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../utils/tempdir.ts';
import { startTestServer } from '../utils/tserver.ts';

describe('archive staging left over by a killed upload', () => {
  it('is removed at start', async () => {
    const data = await makeTempDir('genpod-staging-');
    const leftover = join(data.path, 'archive-staging', 'upload-killed');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, 'half.bin'), Buffer.alloc(4096));
    const t = await startTestServer({ DATA_DIR: data.path });
    try {
      await expect(stat(leftover)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await t.stop();
      await data.remove();
    }
  });
});
