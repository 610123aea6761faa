import { RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  REQUEST_ID_HEADER,
  SIGNATURE_HEADERS,
  signSubgraphRequest,
  type SigningConfig,
} from '@cassette/common';

import type { GatewayContext } from './context';

type SendOptions = Parameters<
  NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>
>[0];

/**
 * Calls one subgraph on behalf of the authenticated caller: passes the
 * tenant, scopes and request id, and signs the exact request so the
 * subgraph can refuse anything the gateway did not send. The client's own
 * credential never leaves the gateway.
 */
export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, signing: SigningConfig, timeoutMs: number) {
    super({
      url,
      fetcher: (input, init) => {
        const headers = new Headers(init?.headers);
        const body = typeof init?.body === 'string' ? init.body : '';
        headers.set(
          SIGNATURE_HEADERS.signature,
          signSubgraphRequest(signing.secret, {
            method: init?.method ?? 'POST',
            path: new URL(String(input)).pathname,
            tenant: headers.get(SIGNATURE_HEADERS.tenant) ?? '',
            scopes: (headers.get(SIGNATURE_HEADERS.scopes) ?? '')
              .split(' ')
              .filter(Boolean),
            requestId: headers.get(REQUEST_ID_HEADER) ?? '',
            issuedAtMs: Number(headers.get(SIGNATURE_HEADERS.issuedAt)),
            body,
          }),
        );
        // A subgraph call never outlives the client's own time limit.
        return fetch(String(input), {
          method: init?.method ?? 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      },
    });
  }

  override willSendRequest({ request, context }: SendOptions) {
    const headers = request.http?.headers;
    // Only operations a client sent reach a subgraph; the gateway's own
    // start-up and health traffic carries no caller and is refused.
    if (!headers || !context?.principal) return;

    headers.set(REQUEST_ID_HEADER, context.requestId);
    headers.set(SIGNATURE_HEADERS.tenant, context.principal.tenant);
    headers.set(
      SIGNATURE_HEADERS.scopes,
      [...context.principal.scopes].sort().join(' '),
    );
    headers.set(SIGNATURE_HEADERS.issuedAt, String(Date.now()));
  }
}
