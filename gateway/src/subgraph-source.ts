import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { REQUEST_ID_HEADER, type ServiceContext } from '@cassette/common';

/** Calls one subgraph, carrying the caller's request id along. */
export class SubgraphSource extends RemoteGraphQLDataSource<ServiceContext> {
  override willSendRequest({
    request,
    context,
  }: Parameters<
    NonNullable<RemoteGraphQLDataSource<ServiceContext>['willSendRequest']>
  >[0]) {
    // Health checks and the gateway's own requests run without a context.
    if (context?.requestId) {
      request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    }
  }
}
