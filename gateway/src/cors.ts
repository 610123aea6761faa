import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
].join(', ');

/**
 * Cross-origin access for browsers, limited to the configured origins. An
 * origin not on the list gets no CORS headers, so the browser keeps the
 * response from the page; its preflight gets 403.
 */
export function corsFor(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);

  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (!origin || !allowed.has(origin)) {
      if (origin && req.method === 'OPTIONS') {
        res.status(403).end();
        return;
      }
      next();
      return;
    }

    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'x-request-id');
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }

    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
