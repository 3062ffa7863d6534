// Keeps the files domain's size limit equal to the `files.maxFileBytes`
// setting: the access policy is one object whose rules can be replaced while
// the server runs, so a change applies to the next file operation.
import type { FileAccessPolicy } from '../files/access-policy.ts';
import type { SettingsStore } from './settings-store.ts';

/** Applies the current limit and every later change; returns the unsubscribe. */
export function followFileLimitSetting(
  settings: SettingsStore,
  fileAccess: FileAccessPolicy,
): () => void {
  fileAccess.update({ maxBytes: settings.get('files.maxFileBytes') });
  return settings.onChange('files.maxFileBytes', (maxBytes) => fileAccess.update({ maxBytes }));
}
