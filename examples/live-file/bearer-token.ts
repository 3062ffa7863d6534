// The bearer token of an example page, if the server asks for one: given once
// as `#token=…` (a fragment never reaches the server or its logs), then kept
// for this tab only. The editor example uses it too.
export function bearerToken(): string | null {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem('genpod.token', fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('genpod.token');
}
