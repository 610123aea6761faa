import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PrefixProxy {
  /** The proxy's URL with the prefix, no trailing slash. */
  url: string;
  /** Every path the proxy was asked for, prefix included. */
  paths: string[];
  close(): Promise<void>;
}

/**
 * A reverse proxy on loopback that serves `target` under `prefix`, the way
 * an ingress serves an app under a path: it strips the prefix before
 * forwarding and answers 404 to anything outside it.
 */
export async function startPrefixProxy(
  prefix: string,
  target: string,
): Promise<PrefixProxy> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    paths.push(url);
    if (!url.startsWith(`${prefix}/`)) {
      res.writeHead(404).end();
      return;
    }

    const forwarded = http.request(
      new URL(url.slice(prefix.length), target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    req.pipe(forwarded);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
