import { readGatewayConfig } from '../../gateway/src/config';
import type { ServiceName } from './services';

/**
 * The environment `npm start` gives a service. The playground hands its
 * key to whoever opens the page, so only the gateway gets the local key,
 * and only outside production, where the gateway would refuse it. A
 * PLAYGROUND_API_KEY set by hand wins.
 */
export function serviceEnv(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  localToken: string,
): NodeJS.ProcessEnv {
  if (name !== 'gateway' || env.NODE_ENV === 'production') return env;
  return { PLAYGROUND_API_KEY: localToken, ...env };
}

/**
 * What the ready message says of the playground: nothing when it is off.
 * Call it once the gateway is up, when its configuration is known to read.
 */
export function playgroundLines(
  gatewayEnv: NodeJS.ProcessEnv,
  url: string,
): string[] {
  const { playground } = readGatewayConfig(gatewayEnv);
  if (!playground.enabled) return [];

  const key = playground.apiKey ? ', with the API key filled in' : '';
  return [`Playground: ${url}  (open it in a browser${key})`, ''];
}
