import type { AddressInfo } from 'node:net';

import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';

import type { ServiceContext } from '../graphql/apollo-options';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/registry';
import { scopeOf } from './request-id';
import { ServiceShell, type ReadinessCheck } from './service-shell';

/** Where every Cassette service answers GraphQL. */
export const GRAPHQL_PATH = '/graphql';

export interface GraphQLServiceOptions<TContext extends ServiceContext> {
  name: string;
  logger: Logger;
  checks: ReadinessCheck[];
  /** Served at `/metrics` when given. */
  metrics?: ServiceMetrics;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Run after Apollo has stopped, e.g. to close the Cassandra client. */
  closers?: Array<() => Promise<void>>;
  /** Run before the body is parsed, e.g. CORS. */
  beforeBody?: RequestHandler[];
  /** Run after the body is parsed, before Apollo, e.g. signature checks. */
  afterBody?: RequestHandler[];
  /**
   * Builds each request's context; a CassetteError thrown here ends the
   * request with its code and status. @default the request scope itself
   */
  makeContext?: (
    scope: ServiceContext,
    req: Request,
    res: Response,
  ) => TContext | Promise<TContext>;
}

/**
 * An Apollo Server at GRAPHQL_PATH inside the shared service shell, with one
 * start and one stop sequence for the gateway and both subgraphs.
 */
export class GraphQLService<TContext extends ServiceContext = ServiceContext> {
  readonly shell: ServiceShell;
  private apollo?: ApolloServer<TContext>;

  constructor(private readonly options: GraphQLServiceOptions<TContext>) {
    this.shell = new ServiceShell(options);
  }

  async start(
    apollo: ApolloServer<TContext>,
    port: number,
    host: string,
  ): Promise<AddressInfo> {
    this.apollo = apollo;
    await apollo.start();

    const { beforeBody = [], afterBody = [], maxBodyBytes } = this.options;
    this.shell.app.use(
      GRAPHQL_PATH,
      ...beforeBody,
      express.json({
        limit: maxBodyBytes,
        // Signatures cover the exact bytes, so keep them beside the parse.
        verify: (_req, res, body) => {
          (res as Response).locals.rawBody = body;
        },
      }),
      ...afterBody,
      expressMiddleware(apollo, {
        context: async ({ req, res }) => this.contextFor(req, res),
      }),
    );
    this.shell.app.use(bodyErrors);
    return this.shell.listen(port, host);
  }

  private async contextFor(req: Request, res: Response): Promise<TContext> {
    const { makeContext } = this.options;
    const scope = scopeOf(res);
    // Without a factory the context is the scope, which is what TContext
    // defaults to.
    return makeContext ? makeContext(scope, req, res) : (scope as TContext);
  }

  /** Stops accepting, lets in-flight requests finish, then closes. */
  async stop(): Promise<void> {
    await this.apollo?.stop();
    for (const close of this.options.closers ?? []) await close();
  }
}

// Body-parser failures (too large, not JSON) answer in GraphQL's error shape
// rather than as an HTML page.
function bodyErrors(
  error: { status?: number; type?: string; message?: string },
  _req: Request,
  res: Response,
  next: NextFunction,
) {
  if (!error?.status || error.status >= 500) return next(error);

  const message =
    error.type === 'entity.too.large'
      ? 'The request body is larger than this server accepts.'
      : `The request body could not be read: ${error.message ?? 'invalid'}`;
  res.status(error.status).json({
    errors: [{ message, extensions: { code: 'BAD_REQUEST' } }],
  });
}
