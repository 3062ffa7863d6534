// Keeps the visible Monaco model and the server's file in step. A hidden
// model follows the stream exactly (every EDITS event applies to the version
// it names); the visible model takes the same edits while it has no unsaved
// changes, and keeps the user's text when it has. Saving names the version
// the user started from (`ifVersion`), so a newer save by someone else is a
// CONFLICT instead of being overwritten.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import type { EditorFileSubscription } from '../live-file/generated/graphql.ts';
import type { Actor } from './actor-label.ts';

export type FileContentEvent = EditorFileSubscription['fileContent'];

/** What an event did to the visible model. */
export type Outcome = 'applied' | 'echo' | 'kept-local' | 'deleted';

export class EditorSync {
  readonly #visible: monaco.editor.ITextModel;
  /** The file as the server last said it is. */
  readonly #server = monaco.editor.createModel('', 'plaintext');
  /** The version `#server` holds; null before the first event and while deleted. */
  serverVersion: string | null = null;
  /** The server version the visible text was last in step with: a save's `ifVersion`. */
  editingBase: string | null = null;
  /** Who made the last change that was not this page's own save. */
  lastRemoteActor: Actor | null = null;
  /** The visible model's alternative version id when it last matched `editingBase`. */
  #cleanAt: number;

  constructor(visible: monaco.editor.ITextModel) {
    this.#visible = visible;
    this.#cleanAt = visible.getAlternativeVersionId();
  }

  /** Whether the visible text has changes not saved. */
  get dirty(): boolean {
    return this.#visible.getAlternativeVersionId() !== this.#cleanAt;
  }

  /** Applies one `fileContent` event whose EDITS (if any) apply to `serverVersion`. */
  receive(event: FileContentEvent): Outcome {
    if (event.kind === 'DELETED') {
      this.serverVersion = null;
      this.#server.setValue('');
      return 'deleted';
    }
    const edits = (event.edits ?? []).map((edit) => ({ range: edit.range, text: edit.text }));
    if (event.kind === 'EDITS') this.#server.applyEdits(edits);
    else this.#server.setValue(event.content ?? '');
    this.serverVersion = event.version ?? null;

    // This page's own save coming back: the visible text already is that version.
    if (event.version === this.editingBase) return 'echo';
    if (event.actor) this.lastRemoteActor = event.actor;
    if (this.dirty) return 'kept-local';
    if (event.kind === 'EDITS' && event.baseVersion === this.editingBase) {
      this.#visible.applyEdits(edits);
    } else {
      this.#visible.setValue(this.#server.getValue());
    }
    this.#markClean(this.serverVersion);
    return 'applied';
  }

  /** A save of the visible text as it was at `altId` became `version`. */
  saved(version: string | null, altId: number): void {
    this.editingBase = version;
    this.#cleanAt = altId;
  }

  /** Drops the user's changes for the server's text (after a conflict). */
  takeServerVersion(): void {
    this.#visible.setValue(this.#server.getValue());
    this.#markClean(this.serverVersion);
  }

  #markClean(version: string | null): void {
    this.editingBase = version;
    this.#cleanAt = this.#visible.getAlternativeVersionId();
  }
}
