// Recent contents of followed files, so a fileContent stream resuming from a
// version (or the sequence of an event that carried it) can start with edits
// rather than the whole file. Bounded in bytes; the oldest go first.

/** How much text the history keeps, all files together (UTF-16, 2 bytes a character). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Sequences remembered, all files together. */
const MAX_SEQUENCES = 10_000;

export interface ContentVersion {
  version: string;
  content: string;
}

export class ContentHistory {
  private readonly contents = new Map<string, string>();
  private readonly sequences = new Map<string, string>();
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(maxBytes = DEFAULT_MAX_BYTES) {
    this.maxBytes = maxBytes;
  }

  /** Remembers `content` as `version` of `path`, sent as the event `sequence`. */
  remember(path: string, version: string, sequence: string, content: string): void {
    const key = `${path}\0${version}`;
    const known = this.contents.get(key);
    if (known !== undefined) {
      this.contents.delete(key); // moved to the newest end
      this.contents.set(key, known);
    } else if (content.length * 2 <= this.maxBytes) {
      this.contents.set(key, content);
      this.bytes += content.length * 2;
      for (const [oldest, text] of this.contents) {
        if (this.bytes <= this.maxBytes) break;
        this.contents.delete(oldest);
        this.bytes -= text.length * 2;
      }
    }
    this.sequences.set(`${path}\0${sequence}`, version);
    if (this.sequences.size > MAX_SEQUENCES) {
      const oldest = this.sequences.keys().next().value;
      if (oldest !== undefined) this.sequences.delete(oldest);
    }
  }

  /** The content of `path` at `since`: a version, or the sequence of an event that sent one. */
  find(path: string, since: string): ContentVersion | undefined {
    const version = this.sequences.get(`${path}\0${since}`) ?? since;
    const content = this.contents.get(`${path}\0${version}`);
    return content === undefined ? undefined : { version, content };
  }
}
