// What the editor page shows around Monaco: status, notices, Save and the
// footer. `data-state` on <body> names the state for styling and tests. All
// text goes in through textContent, so nothing from a file becomes markup.
export type EditorState =
  'idle' | 'connecting' | 'live' | 'saving' | 'conflict' | 'deleted' | 'error';

function element<T extends HTMLElement>(doc: Document, id: string): T {
  const found = doc.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

export class EditorView {
  readonly editorElement: HTMLElement;
  readonly #body: HTMLElement;
  readonly #path: HTMLElement;
  readonly #status: HTMLElement;
  readonly #save: HTMLButtonElement;
  readonly #notice: HTMLElement;
  readonly #noticeText: HTMLElement;
  readonly #takeTheirs: HTMLButtonElement;
  readonly #lastChange: HTMLElement;
  readonly #version: HTMLElement;
  readonly #form: HTMLFormElement;

  constructor(doc: Document) {
    this.editorElement = element(doc, 'editor');
    this.#body = doc.body;
    this.#path = element(doc, 'path');
    this.#status = element(doc, 'status');
    this.#save = element<HTMLButtonElement>(doc, 'save');
    this.#notice = element(doc, 'notice');
    this.#noticeText = element(doc, 'notice-text');
    this.#takeTheirs = element<HTMLButtonElement>(doc, 'take-theirs');
    this.#lastChange = element(doc, 'last-change');
    this.#version = element(doc, 'version');
    this.#form = element<HTMLFormElement>(doc, 'open');
  }

  askForPath(): void {
    this.#setState('idle', 'Choose a file');
    this.#form.hidden = false;
    this.editorElement.hidden = true;
  }

  showPath(path: string): void {
    this.#path.textContent = path;
    document.title = `${path} · editor`;
  }

  onSave(handler: () => Promise<void>): void {
    this.#save.addEventListener('click', () => void handler());
  }

  onTakeTheirs(handler: () => void): void {
    this.#takeTheirs.addEventListener('click', handler);
  }

  showConnecting(reconnecting: boolean): void {
    this.#setState('connecting', reconnecting ? 'Reconnecting…' : 'Connecting…');
  }

  showLive(dirty: boolean): void {
    this.#setState('live', 'Live');
    this.#hideNotice();
    this.showDirty(dirty);
  }

  showDirty(dirty: boolean): void {
    this.#save.disabled = !dirty || this.#body.dataset.state === 'deleted';
    this.#save.textContent = dirty ? 'Save' : 'Saved';
  }

  showVersion(version: string | null | undefined, sequence: string): void {
    // A version is a content hash: its first characters tell versions apart at a glance.
    this.#version.textContent = `version ${version ? version.slice(0, 12) : '–'} · event ${sequence}`;
  }

  showLastChange(who: string): void {
    this.#lastChange.textContent = `Last change by ${who}`;
  }

  showChangedUnderneath(): void {
    this.#showNotice(
      'The file changed on the server while you were editing; saving will report a conflict.',
    );
  }

  showSaving(): void {
    this.#setState('saving', 'Saving…');
    this.#save.disabled = true;
  }

  showSaved(dirty: boolean): void {
    this.showLive(dirty);
  }

  showConflict(who: string | undefined): void {
    this.#setState('conflict', 'Conflict');
    this.#showNotice(
      `Not saved: ${who ?? 'someone else'} saved a newer version first. ` +
        'Take theirs, or copy your text and reapply it.',
    );
    this.#takeTheirs.hidden = false;
    this.#save.disabled = false;
  }

  showDeleted(): void {
    this.#setState('deleted', 'Deleted');
    this.#showNotice('This file was deleted. It will show again if it comes back.');
    this.#save.disabled = true;
  }

  showError(message: string, code?: string): void {
    this.#setState('error', code ? `Error: ${code}` : 'Error');
    this.#showNotice(message);
  }

  #setState(state: EditorState, label: string): void {
    this.#body.dataset.state = state;
    this.#status.textContent = label;
  }

  #showNotice(text: string): void {
    this.#noticeText.textContent = text;
    this.#notice.hidden = false;
    this.#takeTheirs.hidden = true;
  }

  #hideNotice(): void {
    this.#noticeText.textContent = '';
    this.#notice.hidden = true;
  }
}
