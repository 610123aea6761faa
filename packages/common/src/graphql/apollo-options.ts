import type http from 'node:http';

import type {
  ApolloServerOptions,
  ApolloServerPlugin,
  BaseContext,
} from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

import type { RunMode } from '../config/service';
import { isExpectedError, normalizeError } from '../errors/normalize';
import type { RequestScope } from '../http/request-id';

export type ServiceContext = RequestScope;

/** A subgraph's context: the request scope plus the caller the gateway vouched for. */
export interface CallerContext extends ServiceContext {
  tenant: string;
  scopes: readonly string[];
}

export interface ApolloBaseOptions<TContext extends ServiceContext> {
  mode: RunMode;
  httpServer: http.Server;
  shutdownGraceMs: number;
  /** Serve Apollo's landing page at the GraphQL path. @default false */
  landingPage?: boolean;
  /** The service's own plugins, run after the shared ones. */
  plugins?: ApolloServerPlugin<TContext>[];
}

/**
 * What every Cassette Apollo Server shares: draining on stop, the error
 * normaliser, and a log line for every unexpected error with its request id.
 */
export function apolloBaseOptions<TContext extends ServiceContext>(
  options: ApolloBaseOptions<TContext>,
): Pick<
  ApolloServerOptions<TContext>,
  'plugins' | 'formatError' | 'includeStacktraceInErrorResponses'
> {
  const development = options.mode === 'development';
  const plugins: ApolloServerPlugin<TContext>[] = [
    ApolloServerPluginDrainHttpServer({
      httpServer: options.httpServer,
      stopGracePeriodMillis: options.shutdownGraceMs,
    }),
    logUnexpectedErrors<TContext>(),
  ];
  if (!options.landingPage) {
    plugins.push(ApolloServerPluginLandingPageDisabled());
  }
  plugins.push(...(options.plugins ?? []));

  return {
    plugins,
    includeStacktraceInErrorResponses: development,
    formatError: (formatted, error) =>
      normalizeError(formatted, error, { exposeInternals: development }),
  };
}

function logUnexpectedErrors<
  TContext extends BaseContext & ServiceContext,
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            contextValue.logger.error(
              { err: error.originalError ?? error, operationName },
              'request failed',
            );
          }
        },
      };
    },
  };
}
