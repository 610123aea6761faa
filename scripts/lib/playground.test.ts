import { playgroundLines, serviceEnv } from './playground';

const TOKEN = 'cas_local_token';
const URL = 'http://localhost:8000/graphql';
// The least a gateway's configuration needs besides the playground's.
const GATEWAY_ENV = { SUBGRAPH_SIGNING_SECRET: 's'.repeat(32) };

describe('npm start and the playground', () => {
  it('gives the local key to the gateway alone', () => {
    expect(serviceEnv('gateway', {}, TOKEN)).toEqual({
      PLAYGROUND_API_KEY: TOKEN,
    });
    expect(serviceEnv('upload', {}, TOKEN)).toEqual({});
    expect(serviceEnv('list', {}, TOKEN)).toEqual({});
  });

  it('gives no key in production, where the gateway would refuse it', () => {
    const env = { NODE_ENV: 'production' };

    expect(serviceEnv('gateway', env, TOKEN)).toEqual(env);
  });

  it('keeps a key set by hand', () => {
    const env = { PLAYGROUND_API_KEY: 'cas_my_own' };

    expect(serviceEnv('gateway', env, TOKEN).PLAYGROUND_API_KEY).toBe(
      'cas_my_own',
    );
  });

  it('points to the playground and says the key is filled in', () => {
    const env = serviceEnv('gateway', GATEWAY_ENV, TOKEN);

    expect(playgroundLines(env, URL)).toEqual([
      `Playground: ${URL}  (open it in a browser, with the API key filled in)`,
      '',
    ]);
  });

  it('says nothing of a playground that is off', () => {
    const env = { ...GATEWAY_ENV, PLAYGROUND: 'false' };

    expect(playgroundLines(env, URL)).toEqual([]);
  });
});
