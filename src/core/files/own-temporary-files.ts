// The entries the server itself puts into the project: the temporary file of
// an atomic write (atomic-write.ts), and a batch's staged files, set-aside
// deletions and journal (file-batch.ts). Their names are recognised here and
// only here; the path parser refuses them, listings and change feeds hide
// them, so no API reaches a half-written file (docs/hardening.md, 18.1).
import { randomBytes } from 'node:crypto';

/** `tmp`: a staged or set-aside entry; `journal`: a batch's list of renames. */
export type OwnEntryKind = 'tmp' | 'journal';

const ownNamePattern = /^\.genpod-[0-9a-f]{16}\.(?:tmp|journal)$/;

/** A name no client would pick; short, since the file's own name may already be 255 bytes. */
export function temporaryName(kind: OwnEntryKind = 'tmp'): string {
  return `.genpod-${randomBytes(8).toString('hex')}.${kind}`;
}

/** Whether one entry name is one of ours. */
export function isOwnTemporaryName(name: string): boolean {
  return name.startsWith('.genpod-') && ownNamePattern.test(name);
}

/** Whether a project path names one of our entries (its last segment). */
export function isTemporaryPath(path: string): boolean {
  return isOwnTemporaryName(path.slice(path.lastIndexOf('/') + 1));
}

/** Whether a journal, by name. */
export function isJournalName(name: string): boolean {
  return isOwnTemporaryName(name) && name.endsWith('.journal');
}
