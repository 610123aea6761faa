import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

import type { Logger } from '../logging/logger';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller-supplied id is kept only when it is short and plain, so it can be
// logged and forwarded without escaping.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestScope {
  requestId: string;
  logger: Logger;
}

/** Picks up or creates the request id and a child logger that carries it. */
export function requestScope(root: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const offered = req.get(REQUEST_ID_HEADER);
    const requestId =
      offered && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();

    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.locals.scope = {
      requestId,
      logger: root.child({ requestId }),
    } satisfies RequestScope;
    next();
  };
}

export function scopeOf(res: Response): RequestScope {
  return res.locals.scope as RequestScope;
}
