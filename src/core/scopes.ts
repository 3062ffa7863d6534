// The permissions a caller can hold. Auth (tokens carrying a subset of these)
// decides which a request gets; until a token system is configured, requests
// act as the local developer and hold them all.
export const scopes = [
  'files:read',
  'files:write',
  /** Read and write `.env*` files, hidden from everyone else. */
  'files:env',
  'settings:read',
  'settings:write',
  'secrets:write',
  'chat',
  'logs:read',
  'prompts:read',
  'prompts:write',
  /** Move, remove and (un)protect protected prompt labels; `admin` includes it. */
  'prompts:admin',
  'agent',
  'admin',
] as const;

export type Scope = (typeof scopes)[number];

/** A token's limit on which project paths it reaches (globs under PROJECT_ROOT). */
export interface PathRule {
  glob: string;
  access: 'read' | 'read-write';
}

/** Who is calling, and what they may do. */
export interface Principal {
  /** A stable name for logs and audit trails; never a secret. */
  id: string;
  /** The API token's id, when the caller used one from the token store. */
  tokenId?: string | undefined;
  scopes: ReadonlySet<Scope>;
  /**
   * When set, file operations reach only paths one of these globs matches
   * (writes only through a `read-write` rule); unset means the whole project.
   */
  paths?: readonly PathRule[] | undefined;
  /** When the credential stops working; live streams end then. */
  expiresAt?: Date | undefined;
}

export const localDeveloper: Principal = { id: 'local', scopes: new Set(scopes) };
