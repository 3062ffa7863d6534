// Reads the credential out of an `Authorization: Bearer <token>` value, the
// one form GenPod accepts on every transport (docs/contract.md, "Auth").

/** What an authorization value held: a token, nothing, or something else. */
export type BearerCredential =
  { kind: 'token'; secret: string } | { kind: 'missing' } | { kind: 'malformed' };

// RFC 6750's b64token, plus the generous length limit a header deserves.
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const longestSecret = 512;

export function readBearer(value: string | null | undefined): BearerCredential {
  if (value === null || value === undefined || value.trim() === '') return { kind: 'missing' };
  const match = bearerPattern.exec(value);
  const secret = match?.[1];
  if (secret === undefined || secret.length > longestSecret) return { kind: 'malformed' };
  return { kind: 'token', secret };
}
