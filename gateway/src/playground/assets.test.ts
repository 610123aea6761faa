import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { ASSETS_PATH, loadAsset, playgroundFiles } from './assets';

describe('the playground assets', () => {
  const { styles, scripts } = playgroundFiles();

  // An upgrade that drops one of these browser builds should fail here
  // rather than in a browser.
  it('are all installed', () => {
    const missing = [...styles, ...scripts]
      .map(({ file }) => file)
      .filter((file) => !existsSync(file));

    expect(missing).toEqual([]);
  });

  it('load React before ReactDOM, both before GraphiQL, and ours last', () => {
    const names = scripts.map(({ file }) => file.split('/').at(-1));

    expect(names).toEqual([
      'react.production.min.js',
      'react-dom.production.min.js',
      'graphiql.min.js',
      'playground.js',
    ]);
  });

  it('are served at a URL named by a hash of their content', () => {
    const [css, ownCss] = styles.map(({ file, type }) => loadAsset(file, type));

    expect(css?.url).toMatch(
      new RegExp(`^${ASSETS_PATH}/[\\w-]{16}/graphiql\\.min\\.css$`),
    );
    expect(css?.url.split('/')[2]).not.toBe(ownCss?.url.split('/')[2]);
    expect(loadAsset(styles[0]!.file, 'text/css').url).toBe(css?.url);
  });

  it('carry a gzipped copy that unpacks to the same bytes', () => {
    const [react] = scripts.map(({ file, type }) => loadAsset(file, type));

    expect(react!.gzipped.length).toBeLessThan(react!.body.length / 2);
    expect(gunzipSync(react!.gzipped).equals(react!.body)).toBe(true);
  });
});
