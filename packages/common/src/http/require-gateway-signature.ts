import type { RequestHandler, Response } from 'express';

import { verifySubgraphRequest, type Caller } from '../auth/gateway-signature';
import { REQUEST_ID_HEADER, scopeOf } from './request-id';

export interface GatewaySignatureOptions {
  secret: string;
  /** How far a signature's time may lie from now, in ms. */
  maxAgeMs: number;
}

/**
 * Refuses, with 401 and before any resolver runs, every request the gateway
 * did not sign: unsigned, forged, altered, or signed outside the window.
 * Subgraphs never see the client's own credential, only the caller the
 * gateway vouches for.
 */
export function requireGatewaySignature(
  options: GatewaySignatureOptions,
): RequestHandler {
  return (req, res, next) => {
    const result = verifySubgraphRequest(
      {
        method: req.method,
        path: req.originalUrl.split('?')[0] ?? '',
        header: (name) => req.get(name),
        requestId: req.get(REQUEST_ID_HEADER) ?? '',
        body: (res.locals.rawBody as Buffer | undefined) ?? Buffer.alloc(0),
      },
      options,
    );

    if (!result.ok) {
      scopeOf(res).logger.warn(
        { reason: result.reason },
        'refused a request not signed by the gateway',
      );
      res.status(401).json({
        errors: [
          {
            message:
              'This service accepts only requests signed by the Cassette gateway.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      return;
    }

    res.locals.caller = result.caller;
    next();
  };
}

/** The caller a verified request carries. */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) {
    throw new TypeError(
      'callerOf needs requireGatewaySignature to run first on this request',
    );
  }
  return caller;
}
