import type { RequestHandler, Response } from 'express';

import { LIMIT_VARIABLES, type QueryLimits } from './config';

/**
 * Express middleware that gives each request a deadline. If no response has
 * started by then, the client gets HTTP 503 with a retryable `TIMEOUT`, and
 * the request's deadline signal (see `deadlineOf`) aborts so that work
 * still running can stop. Mount it before the body parser, so a slow body
 * counts too.
 */
export function requestTimeout(limits: QueryLimits): RequestHandler {
  const timeoutMs = limits.requestTimeoutMs;
  const message = `The request took longer than ${timeoutMs} ms (${LIMIT_VARIABLES.requestTimeoutMs}) and was stopped.`;

  return (_req, res, next) => {
    const deadline = new AbortController();
    res.locals.deadline = deadline.signal;

    const timer = setTimeout(() => {
      if (!res.headersSent) {
        res.status(503).json({
          errors: [
            { message, extensions: { code: 'TIMEOUT', retryable: true } },
          ],
        });
        discardLateWrites(res);
      }
      deadline.abort(new DOMException(message, 'TimeoutError'));
    }, timeoutMs);

    res.once('close', () => clearTimeout(timer));
    next();
  };
}

/** The signal that aborts at the request's deadline, once `requestTimeout` ran. */
export function deadlineOf(res: Response): AbortSignal | undefined {
  const deadline: unknown = res.locals.deadline;
  return deadline instanceof AbortSignal ? deadline : undefined;
}

// Apollo keeps running after the deadline and answers when it is done.
// Node throws ERR_HTTP_HEADERS_SENT at headers set after the answer, and a
// write after the end emits an 'error' nobody listens for, which would end
// the process; the late answer is dropped instead.
function discardLateWrites(res: Response): void {
  res.setHeader = () => res;
  res.removeHeader = () => {};
  res.writeHead = () => res;
  res.write = () => true;
  res.end = () => res;
}
