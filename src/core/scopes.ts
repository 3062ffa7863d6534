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
  'agent',
  'admin',
] as const;

export type Scope = (typeof scopes)[number];

/** Who is calling, and what they may do. */
export interface Principal {
  /** A stable name for logs and audit trails; never a secret. */
  id: string;
  scopes: ReadonlySet<Scope>;
}

export const localDeveloper: Principal = { id: 'local', scopes: new Set(scopes) };
