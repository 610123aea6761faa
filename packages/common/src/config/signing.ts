import type { EnvReader } from './env';

export interface SigningConfig {
  /** `SUBGRAPH_SIGNING_SECRET`: the gateway signs subgraph requests with it. Required, the same on every service. */
  secret: string;
  /** `SUBGRAPH_SIGNATURE_MAX_AGE_MS`: how old (or how far ahead) a signature may be. @default 30000 */
  maxAgeMs: number;
}

export function readSigningConfig(env: EnvReader): SigningConfig {
  return {
    secret: env.secret(
      'SUBGRAPH_SIGNING_SECRET',
      'the gateway signs every subgraph request with it, so set the same value on the gateway and both subgraphs',
    ),
    maxAgeMs: env.int('SUBGRAPH_SIGNATURE_MAX_AGE_MS', 30_000, {
      min: 1_000,
      max: 300_000,
    }),
  };
}
