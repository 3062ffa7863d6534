// fileContent: one file's content as it changes, for GraphQL subscriptions and
// gRPC streams. With `edits`, each new version after the first full content
// comes as the edits from the previous one (docs/live-files.md, "Edits for editors").
import { InvalidInput } from '../core/errors.ts';
import { skipValue, transformAsyncIterator } from '../core/async-iterators.ts';
import { parseProjectPath } from '../core/files/project-path.ts';
import { editsSize, textEdits, type TextEdit } from '../core/files/text-edits.ts';
import { fileChangesTopic } from '../core/watch/file-change.ts';
import type { Context } from './context.ts';

export type { TextEdit, TextRange } from '../core/files/text-edits.ts';
import { actorView, type ActorView } from './file-events.ts';
import { file, textContent } from './files.ts';

/** FULL: `content` is the whole file (reload); EDITS: apply `edits` to `baseVersion`; DELETED. */
export type FileContentKind = 'FULL' | 'EDITS' | 'DELETED';

export interface FileContentEvent {
  sequence: string;
  path: string;
  kind: FileContentKind;
  deleted: boolean;
  /** The whole text for FULL; null for EDITS, deletions and binary files. */
  content: string | null;
  version: string | null;
  /** EDITS: the version the edits apply to (the previous event's `version`). */
  baseVersion: string | null;
  /** EDITS: Monaco `applyEdits` input, ranges in the base version. */
  edits: TextEdit[] | null;
  /** Who made the change that led here; null for the first event (the content as it was). */
  actor: ActorView | null;
}

export interface FileContentOptions {
  /** Send edits after the first full content. */
  edits?: boolean | null | undefined;
  /** Resume: the version the client holds, or the sequence of the last event it applied. */
  since?: string | null | undefined;
}

interface State {
  deleted: boolean;
  version: string | null;
  content: string | null;
}

/**
 * The file's current content first, then each new version; a deletion says so
 * and the stream goes on, sending the content again if the file comes back.
 * Checks the path and the caller's access before the stream begins.
 */
export async function fileContent(
  ctx: Context,
  path: string,
  options: FileContentOptions = {},
): Promise<AsyncIterable<FileContentEvent>> {
  const projectPath = parseProjectPath(path);
  if (projectPath.relative === '') {
    throw new InvalidInput('path must name a file, not the project root', { field: 'path' });
  }
  const normalized = projectPath.relative;
  const { bus, contentHistory } = ctx.services;
  const withEdits = options.edits === true;
  // Subscribe before reading, so a change during the first read is not lost.
  const subscription = bus.subscribe(fileChangesTopic, {
    signal: ctx.services.shutdown,
    filter: (change) => change.path === normalized || change.oldPath === normalized,
  });
  const start = bus.currentSequence();

  const read = async (): Promise<State> => {
    const view = await file(ctx, normalized);
    if (!view) return { deleted: true, version: null, content: null };
    return { deleted: false, version: view.version, content: textContent(view) };
  };
  const gone: State = { deleted: true, version: null, content: null };

  /** The event for `next`, as edits from `base` when that is worth it. */
  const eventOf = (
    sequence: string,
    next: State,
    base: State | undefined,
    actor: ActorView | null,
  ): FileContentEvent => {
    const event: FileContentEvent = {
      sequence,
      path: normalized,
      kind: next.deleted ? 'DELETED' : 'FULL',
      deleted: next.deleted,
      content: next.content,
      version: next.version,
      baseVersion: null,
      edits: null,
      actor,
    };
    if (!withEdits || next.deleted || next.content === null || next.version === null) return event;
    contentHistory.remember(normalized, next.version, sequence, next.content);
    if (base?.content == null || base.version === null) return event;
    const edits = textEdits(base.content, next.content);
    // Edits larger than the content they describe: the client reloads instead.
    if (!edits || editsSize(edits) > next.content.length) return event;
    return { ...event, kind: 'EDITS', content: null, baseVersion: base.version, edits };
  };

  let last: State;
  let first: FileContentEvent;
  try {
    last = await read();
    const since = withEdits && options.since ? options.since : undefined;
    const resumed = since === undefined ? undefined : contentHistory.find(normalized, since);
    const base = resumed && { deleted: false, version: resumed.version, content: resumed.content };
    first = eventOf(start, last, base, null);
  } catch (error) {
    await subscription.return?.();
    throw error;
  }
  return transformAsyncIterator(
    subscription,
    async (delivery) => {
      const removed =
        delivery.type === 'event' &&
        (delivery.payload.kind === 'DELETED' ||
          (delivery.payload.kind === 'MOVED' && delivery.payload.oldPath === normalized));
      const next = removed ? gone : await read();
      // Several events can lead to the same state; send each state once.
      if (next.deleted === last.deleted && next.version === last.version) return skipValue;
      // After a RESYNC the client reloads from the whole content.
      const base = delivery.type === 'resync' ? undefined : last;
      last = next;
      const actor = delivery.type === 'event' ? actorView(delivery.payload.origin) : null;
      return eventOf(delivery.sequence, next, base, actor);
    },
    { initial: [first] },
  );
}
