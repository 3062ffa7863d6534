// The mark of an argument or input field that carries a secret (a secret's
// value, a .env value): `extensions: secretInput`. Errors about such an input
// never repeat its value (src/http/secret-inputs.ts).
export const secretInput: Readonly<Record<string, unknown>> = { secret: true };

export function isSecretInput(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): boolean {
  return extensions?.['secret'] === true;
}
