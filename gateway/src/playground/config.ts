import type { EnvReader, RunMode } from '@cassette/common';

/** The GraphiQL playground a browser gets at the gateway's GraphQL path. */
export interface PlaygroundConfig {
  /**
   * `PLAYGROUND`: serve the playground to browsers at `GET /graphql`.
   * @default true, false in production
   */
  enabled: boolean;
  /**
   * `PLAYGROUND_API_KEY`: a bearer token the playground pre-fills in its
   * headers editor, so that its examples run as they are. Refused in
   * production. @default none
   */
  apiKey?: string;
}

/**
 * Reads the playground settings, recording every problem on `reader`; the
 * caller's `reader.done()` reports them together.
 */
export function readPlaygroundConfig(
  reader: EnvReader,
  mode: RunMode,
): PlaygroundConfig {
  const enabled = reader.bool('PLAYGROUND', mode !== 'production');
  const apiKey = reader.optionalStr('PLAYGROUND_API_KEY');

  // The page hands its key to whoever loads it, so a production key would
  // be as good as public. Only the variable is named: its value is secret.
  if (apiKey !== undefined && mode === 'production') {
    reader.problem(
      'PLAYGROUND_API_KEY is for development only: the playground gives it to anyone who opens the page; unset it in production and paste a key into the headers editor instead',
    );
  }
  return { enabled, ...(apiKey !== undefined ? { apiKey } : {}) };
}
