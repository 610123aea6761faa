import type { RequestHandler, Response } from 'express';
import { ErrorCode } from '@cassette/common';

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
            {
              message,
              extensions: { code: ErrorCode.Timeout, retryable: true },
            },
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
// Its headers would then throw ERR_HTTP_HEADERS_SENT into Express, which
// prints the stack on stderr, past the logger, and drops the connection;
// the late answer is discarded instead.
function discardLateWrites(res: Response): void {
  res.setHeader = () => res;
  res.removeHeader = () => {};
  res.writeHead = () => res;
  res.write = () => true;
  res.end = () => res;
}
