// ListTree's answer encoded straight from the walk's nodes
// (src/core/files/project-tree.ts) as genpod.agent.v1.TreeEntry, field by
// field as protos/agent.proto numbers them; fields holding their proto3
// default are left out, as the protocol allows. See encoded-message.ts for why.
import protobuf from 'protobufjs';
import type { TreeEntry } from '../resolvers/files.ts';
import { fileKindOf } from '../resolvers/file-views.ts';
import { EncodedMessage } from './encoded-message.ts';

/** Field tags: (number << 3) | wire type (0 varint, 2 length-delimited). */
const tag = {
  path: (1 << 3) | 2,
  name: (2 << 3) | 2,
  kind: (3 << 3) | 2,
  size: (4 << 3) | 0,
  modifiedAt: (5 << 3) | 2,
  language: (6 << 3) | 2,
  ignored: (7 << 3) | 0,
  truncated: (8 << 3) | 0,
  childrenListed: (9 << 3) | 0,
  children: (10 << 3) | 2,
} as const;

function write(writer: protobuf.Writer, node: TreeEntry): void {
  if (node.path !== '') writer.uint32(tag.path).string(node.path);
  if (node.name !== '') writer.uint32(tag.name).string(node.name);
  writer.uint32(tag.kind).string(fileKindOf(node.kind));
  if (node.size !== 0) writer.uint32(tag.size).int64(node.size);
  writer.uint32(tag.modifiedAt).string(node.modifiedAt.toISOString());
  if (node.language) writer.uint32(tag.language).string(node.language);
  if (node.ignored) writer.uint32(tag.ignored).bool(true);
  if (node.truncated) writer.uint32(tag.truncated).bool(true);
  if (node.children === null) return;
  writer.uint32(tag.childrenListed).bool(true);
  for (const child of node.children) {
    writer.uint32(tag.children).fork();
    write(writer, child);
    writer.ldelim();
  }
}

export function encodeTreeEntry(node: TreeEntry): EncodedMessage {
  const writer = protobuf.Writer.create();
  write(writer, node);
  const bytes = writer.finish(); // a Buffer under Node (protobufjs's BufferWriter)
  return new EncodedMessage(
    Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  );
}
