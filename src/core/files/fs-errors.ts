// What a failed file system call means to a client. Messages name the
// client's own path, never an absolute one from the server's disk.
import { Conflict, DomainError, Forbidden, InvalidInput, NotFound, TooLarge } from '../errors.ts';

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A domain error for a failed call on `path`, or the error itself when it means nothing to a client. */
export function toFileError(error: unknown, path: string): unknown {
  if (error instanceof DomainError) return error;
  const shown = path === '' ? 'the project root' : path;
  switch (errnoCode(error)) {
    case 'ENOENT':
      return new NotFound(`${shown} does not exist`, { path });
    case 'EEXIST':
      return new Conflict(`${shown} already exists`, { path });
    case 'ENOTDIR':
      return new Conflict(`a part of ${shown} is not a folder`, { path });
    case 'EISDIR':
      return new Conflict(`${shown} is a folder`, { path });
    case 'ENOTEMPTY':
      return new Conflict(`${shown} is a folder that is not empty`, { path });
    case 'ELOOP':
      return new InvalidInput(`${shown} leads through a symlink loop`, { path });
    case 'ENAMETOOLONG':
      return new InvalidInput(`${shown} is too long`, { path });
    case 'EXDEV':
      return new Conflict(`${shown} cannot be moved to another file system`, { path });
    case 'EINVAL':
      return new InvalidInput(`${shown} cannot be used that way`, { path });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new Forbidden(`the server may not change ${shown}`, { path });
    case 'EFBIG':
    case 'ENOSPC':
    case 'EDQUOT':
      return new TooLarge(`there is no room to write ${shown}`, { path });
    default:
      return error;
  }
}

/** Runs `operation`, turning file system errors into domain errors about `path`. */
export async function onPath<T>(path: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toFileError(error, path);
  }
}
