import { createHash } from 'node:crypto';
import path from 'node:path';

import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GRAPHQL_PATH } from '@cassette/common';
import type { Express, RequestHandler } from 'express';

import { assetRoutes, loadAsset, playgroundFiles } from './assets';
import type { PlaygroundConfig } from './config';
import { bearerHeaders, EXAMPLES, exampleTabs } from './examples';
import { CONTENT_SECURITY_POLICY, renderPage } from './page';

export { readPlaygroundConfig, type PlaygroundConfig } from './config';

// Set on every GET of the GraphQL path: Apollo Server alone decides which
// of them get the page, and these headers do a JSON answer no harm.
const pageHeaders: RequestHandler = (req, res, next) => {
  if (req.method === 'GET') {
    res.set({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  }
  next();
};

// Under a trailing slash the page's relative links would reach one level
// too deep, so a browser asking for the page there is sent to the path
// without it; operations sent there are left alone.
const noTrailingSlash: RequestHandler = (req, res, next) => {
  const { pathname, search } = new URL(req.originalUrl, 'http://gateway');
  const wantsPage =
    req.accepts(['application/json', 'text/html']) === 'text/html';
  if (pathname.endsWith('/') && wantsPage) {
    res.redirect(301, `../${path.posix.basename(GRAPHQL_PATH)}${search}`);
  } else {
    next();
  }
};

// The page links to its assets, and `/` to the page, by relative URLs, so
// the playground also works behind a proxy that serves the gateway under
// a path prefix.
function fromPage(url: string): string {
  return path.posix.relative(path.posix.dirname(GRAPHQL_PATH), url);
}

// Saved tabs belong to one set of examples: when the examples change, the
// new ones open instead of tabs kept from before.
function storageNamespace(): string {
  const hash = createHash('sha256').update(JSON.stringify(EXAMPLES));
  return `cassette-playground:${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Serves the playground on `app`: its assets, a redirect from `/`, and the
 * page's security headers, all without authentication. Returns the Apollo
 * Server plugin that renders the page, which Apollo serves to a `GET` of
 * the GraphQL path that prefers HTML before any context is built.
 */
export function installPlayground<TContext extends BaseContext>(
  app: Express,
  config: PlaygroundConfig,
): ApolloServerPlugin<TContext> {
  const files = playgroundFiles();
  const styles = files.styles.map(({ file, type }) => loadAsset(file, type));
  const scripts = files.scripts.map(({ file, type }) => loadAsset(file, type));

  const html = renderPage(
    {
      storageNamespace: storageNamespace(),
      tabs: exampleTabs(config.apiKey),
      ...(config.apiKey ? { headers: bearerHeaders(config.apiKey) } : {}),
    },
    {
      styles: styles.map((asset) => fromPage(asset.url)),
      scripts: scripts.map((asset) => fromPage(asset.url)),
    },
  );

  app.use(assetRoutes([...styles, ...scripts]));
  app.get('/', (_req, res) => res.redirect(302, fromPage(GRAPHQL_PATH)));
  app.get(GRAPHQL_PATH, noTrailingSlash, pageHeaders);

  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
