import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';

import type { Router } from 'express';
import express from 'express';

/** A file the playground page loads, served from memory. */
export interface PlaygroundAsset {
  /** Where the page loads it from; changes whenever its content does. */
  url: string;
  contentType: string;
  body: Buffer;
  /** The body compressed once at start, for browsers that accept gzip. */
  gzipped: Buffer;
}

/** Everything under this path is a playground asset. */
export const ASSETS_PATH = '/playground';

// A year, the longest a cache is asked to keep anything: the URL carries
// a hash of the content, so a changed file is a new URL.
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

// These packages export no path to their browser builds, so the files are
// found beside each package's manifest.
function fromPackage(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

/** The files the page loads, in the order its scripts must run. */
export function playgroundFiles() {
  const own = (file: string) => path.join(__dirname, 'static', file);
  return {
    styles: [
      { file: fromPackage('graphiql', 'graphiql.min.css'), type: CSS },
      { file: own('playground.css'), type: CSS },
    ],
    scripts: [
      { file: fromPackage('react', 'umd/react.production.min.js'), type: JS },
      {
        file: fromPackage('react-dom', 'umd/react-dom.production.min.js'),
        type: JS,
      },
      { file: fromPackage('graphiql', 'graphiql.min.js'), type: JS },
      { file: own('playground.js'), type: JS },
    ],
  };
}

/** Reads one file into memory under a URL named by its content's hash. */
export function loadAsset(file: string, contentType: string): PlaygroundAsset {
  const body = readFileSync(file);
  const hash = createHash('sha256').update(body).digest('base64url');
  const url = `${ASSETS_PATH}/${hash.slice(0, 16)}/${path.basename(file)}`;

  // About 1.6 MB shrinks to about 0.7 MB, once, in well under a second.
  const gzipped = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  return { url, contentType, body, gzipped };
}

/**
 * Serves each asset at its URL to anyone: the files are public code, and a
 * browser loads them without the credential the page may hold.
 */
export function assetRoutes(assets: readonly PlaygroundAsset[]): Router {
  const router = express.Router();
  for (const asset of assets) {
    router.get(asset.url, (req, res) => {
      res.set({
        'content-type': asset.contentType,
        'cache-control': CACHE_CONTROL,
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
      });

      if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
        res.set('content-encoding', 'gzip').send(asset.gzipped);
      } else {
        res.send(asset.body);
      }
    });
  }
  return router;
}
