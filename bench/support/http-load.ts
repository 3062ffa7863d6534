// A fixed HTTP load (autocannon, 20 connections of POSTed JSON) and what it
// measured; any failed request fails the benchmark rather than flattering it.
import autocannon from 'autocannon';

export interface Load {
  perSecond: number;
  p99Ms: number;
}

/** `headers` go with every request: the bearer token for GenPod, `{}` for a bare baseline. */
export function httpLoad(
  url: string,
  body: string,
  seconds: number,
  headers: Record<string, string>,
): Promise<Load> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        body,
        headers: { ...headers, 'content-type': 'application/json' },
        connections: 20,
        duration: seconds,
      },
      (error, result) => {
        if (error) reject(error);
        else if (result.non2xx > 0 || result.errors > 0) reject(new Error('requests failed'));
        else resolve({ perSecond: result.requests.average, p99Ms: result.latency.p99 });
      },
    );
  });
}
