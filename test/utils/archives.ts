// Archives made byte for byte as a test wants them, hostile ones included:
// tar.gz through tar-stream (which writes any name it is given), and zip
// through the small writer below, since zip writers refuse `../` names.
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export type ArchiveItem =
  | { name: string; type?: 'file'; content: string | Buffer; mode?: number }
  | { name: string; type: 'directory' }
  | { name: string; type: 'symlink'; target: string }
  | { name: string; type: 'hardlink'; target: string };

export async function tarGz(items: readonly ArchiveItem[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of tar) chunks.push(chunk as Buffer);
  })();
  for (const item of items) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      switch (item.type) {
        case 'directory':
          tar.entry({ name: item.name, type: 'directory', mode: 0o755 }, done);
          break;
        case 'symlink':
          tar.entry({ name: item.name, type: 'symlink', linkname: item.target }, done);
          break;
        case 'hardlink':
          tar.entry({ name: item.name, type: 'link', linkname: item.target }, done);
          break;
        default:
          tar.entry({ name: item.name, mode: item.mode ?? 0o644 }, Buffer.from(item.content), done);
      }
    });
  }
  tar.finalize();
  await collected;
  return gzipSync(Buffer.concat(chunks));
}

/** A zip with one entry per item (hard links have no zip form and are refused here). */
export function zip(items: readonly ArchiveItem[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    if (item.type === 'hardlink') throw new Error('zip has no hard links');
    const name = Buffer.from(item.name, 'utf8');
    const data =
      item.type === 'directory'
        ? Buffer.alloc(0)
        : item.type === 'symlink'
          ? Buffer.from(item.target)
          : Buffer.from(item.content);
    const unixMode =
      item.type === 'directory' ? 0o040755 : item.type === 'symlink' ? 0o120777 : 0o100644;
    const compressed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((unixMode << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
