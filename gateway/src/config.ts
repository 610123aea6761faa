import path from 'node:path';

import {
  EnvReader,
  readServiceBaseConfig,
  type Env,
  type ServiceBaseConfig,
} from '@cassette/common';

import { readAuthConfig, type AuthConfig } from './auth/config';
import { readQueryLimits, type QueryLimits } from './limits';
import { readPlaygroundConfig, type PlaygroundConfig } from './playground';

export interface GatewayConfig extends ServiceBaseConfig {
  /** `GATEWAY_PORT`. @default 8000 */
  port: number;
  /** `UPLOAD_SUBGRAPH_URL`. @default http://127.0.0.1:8001/graphql */
  uploadUrl: string;
  /** `LIST_SUBGRAPH_URL`. @default http://127.0.0.1:8002/graphql */
  listUrl: string;
  /**
   * `SUPERGRAPH_PATH`: the composed supergraph to serve.
   * @default schema/supergraph.graphql in production; elsewhere the
   * subgraphs' SDL files are composed at start
   */
  supergraphPath?: string;
  /** `MIGRATE_ON_START`: apply pending CQL migrations before reporting ready. @default true */
  migrateOnStart: boolean;
  /** Who may call: API keys and JWTs. */
  auth: AuthConfig;
  /** Query, batch and time limits at the public door. */
  limits: QueryLimits;
  /** `CORS_ORIGINS`: browser origins allowed to call, comma-separated. @default none */
  corsOrigins: string[];
  /** `INTROSPECTION`: answer schema introspection. @default true in development, false in production */
  introspection: boolean;
  /** The GraphiQL playground served to browsers at `GET /graphql`. */
  playground: PlaygroundConfig;
}

export const COMMITTED_SUPERGRAPH = path.resolve(
  __dirname,
  '../../schema/supergraph.graphql',
);

// Origins are compared as browsers send them: scheme, host and port only.
function readOrigins(reader: EnvReader): string[] {
  const origins = reader.list('CORS_ORIGINS', []);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      reader.problem(
        `CORS_ORIGINS entries must be origins such as https://app.example.com (no path or trailing slash), got "${origin}"`,
      );
    }
  }
  return origins;
}

/** Reads and validates the gateway's environment, once. */
export function readGatewayConfig(env: Env = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const url = (name: string, fallback: string) => {
    const value = reader.str(name, fallback);
    if (!/^https?:\/\/[^\s/]+/.test(value)) {
      reader.problem(`${name} must be an http(s) URL, got "${value}"`);
    }
    return value;
  };
  const base = readServiceBaseConfig(reader, {
    variable: 'GATEWAY_PORT',
    fallback: 8000,
  });
  // Production serves the composed, committed, checked supergraph; only
  // development composes at start.
  const supergraphPath =
    reader.optionalStr('SUPERGRAPH_PATH') ??
    (base.mode === 'production' ? COMMITTED_SUPERGRAPH : undefined);

  const config: GatewayConfig = {
    ...base,
    uploadUrl: url('UPLOAD_SUBGRAPH_URL', 'http://127.0.0.1:8001/graphql'),
    listUrl: url('LIST_SUBGRAPH_URL', 'http://127.0.0.1:8002/graphql'),
    ...(supergraphPath ? { supergraphPath } : {}),
    migrateOnStart: reader.bool('MIGRATE_ON_START', true),
    auth: readAuthConfig(reader),
    limits: readQueryLimits(reader),
    corsOrigins: readOrigins(reader),
    introspection: reader.bool('INTROSPECTION', base.mode !== 'production'),
    playground: readPlaygroundConfig(reader, base.mode),
  };

  reader.done();
  return config;
}
