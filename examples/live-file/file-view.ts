// What the live file page shows. Every state is written to the DOM here, and
// `data-state` on <body> names it for styling. File text goes in through
// textContent only, so a file's content can never become markup.
import type { LiveFileSubscription } from './generated/graphql.ts';

type FileContentEvent = LiveFileSubscription['fileContent'];

export type ViewState = 'idle' | 'connecting' | 'live' | 'deleted' | 'binary' | 'error' | 'ended';

function element<T extends HTMLElement>(doc: Document, id: string): T {
  const found = doc.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

export class FileView {
  readonly #body: HTMLElement;
  readonly #path: HTMLElement;
  readonly #status: HTMLElement;
  readonly #notice: HTMLElement;
  readonly #content: HTMLElement;
  readonly #version: HTMLElement;
  readonly #form: HTMLFormElement;

  constructor(doc: Document) {
    this.#body = doc.body;
    this.#path = element(doc, 'path');
    this.#status = element(doc, 'status');
    this.#notice = element(doc, 'notice');
    this.#content = element(doc, 'content');
    this.#version = element(doc, 'version');
    this.#form = element<HTMLFormElement>(doc, 'open');
  }

  /** No ?path= given: offer a form that reloads the page with one. */
  askForPath(): void {
    this.#setState('idle', 'Choose a file');
    this.#form.hidden = false;
  }

  showPath(path: string): void {
    this.#path.textContent = path;
    document.title = `${path} · live file`;
  }

  showConnecting(reconnecting: boolean): void {
    // Keep the last content on screen while reconnecting; it is only stale.
    this.#setState('connecting', reconnecting ? 'Reconnecting…' : 'Connecting…');
  }

  showContent(event: FileContentEvent & { content: string }): void {
    this.#setState('live', 'Live');
    this.#hideNotice();
    this.#content.textContent = event.content;
    this.#content.hidden = false;
    this.#showVersion(event);
  }

  showBinary(event: FileContentEvent): void {
    this.#setState('binary', 'Live');
    this.#showNotice('Binary file: its content is not shown.');
    this.#content.hidden = true;
    this.#showVersion(event);
  }

  showDeleted(sequence: string): void {
    this.#setState('deleted', 'Deleted');
    this.#showNotice('This file was deleted on disk. It will show again if it comes back.');
    this.#content.textContent = '';
    this.#content.hidden = true;
    this.#version.textContent = `event ${sequence}`;
  }

  showError(message: string, code?: string): void {
    this.#setState('error', code ? `Error: ${code}` : 'Error');
    this.#showNotice(message);
  }

  /** The server ended the stream, e.g. while shutting down. */
  showEnded(): void {
    this.#setState('ended', 'Disconnected');
    this.#showNotice('The server ended the stream. Reload the page to follow the file again.');
  }

  #setState(state: ViewState, label: string): void {
    this.#body.dataset.state = state;
    this.#status.textContent = label;
  }

  #showNotice(text: string): void {
    this.#notice.textContent = text;
    this.#notice.hidden = false;
  }

  #hideNotice(): void {
    this.#notice.textContent = '';
    this.#notice.hidden = true;
  }

  #showVersion(event: FileContentEvent): void {
    // A version is a content hash: its first characters tell versions apart at a glance.
    const version = event.version ? event.version.slice(0, 12) : '–';
    this.#version.textContent = `version ${version} · event ${event.sequence}`;
  }
}
