import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type * as ClientModule from '@cassette/client';
import { CassetteClient } from '@cassette/client';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

import { launchBrowser, offOriginRequests } from './support/browser';
import { startStack, type Stack } from './support/stack';

const TENANT = 'browser-client';
const SCREENSHOT = join(__dirname, '../test-artifacts/client-browser.png');

/** What the test page puts on `globalThis` for the test to drive. */
interface PageGlobals {
  Cassette: typeof ClientModule;
  /** Writes a value into the page, so the screenshot shows what happened. */
  show(value: unknown): void;
}

/** A failure as the page reports it: errors do not survive `evaluate`. */
interface PageFailure {
  isClientError: boolean;
  code: string | undefined;
  status: number | undefined;
  requestId: string | undefined;
  message: string;
}

/** What one upload-and-list run in the page came to. */
type PageRun =
  | { uploaded: ClientModule.UploadResult; listed: ClientModule.Item[] }
  | { failure: PageFailure };

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Cassette client in a browser</title>
    <link rel="icon" href="data:," />
    <script src="/client.js"></script>
    <script>
      globalThis.show = (value) => {
        document.getElementById('out').textContent = JSON.stringify(value, null, 2);
      };
    </script>
  </head>
  <body>
    <h1>@cassette/client</h1>
    <pre id="out">not run yet</pre>
  </body>
</html>`;

/**
 * The client bundled for browsers. Building for platform "browser" fails on
 * any Node built-in, so a passing build is the proof that there is none.
 */
async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, '../packages/client/src/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'Cassette',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Serves the test page and the bundle on 127.0.0.1, a port of its own. */
async function servePage(bundle: string): Promise<{
  server: Server;
  origin: string;
}> {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });

  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

async function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('the typed client in a browser, across origins', () => {
  let allowed: { server: Server; origin: string };
  let blocked: { server: Server; origin: string };
  let stack: Stack;
  let browser: Browser;
  let token: string;
  let nodeClient: CassetteClient;

  beforeAll(async () => {
    const bundle = await bundleClient();
    allowed = await servePage(bundle);
    blocked = await servePage(bundle);

    stack = await startStack({ env: { CORS_ORIGINS: allowed.origin } });
    token = await stack.createKey({
      tenant: TENANT,
      scopes: ['items:read', 'items:write'],
      name: 'browser client test',
    });
    nodeClient = new CassetteClient({ url: stack.gatewayUrl, token });

    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await close(allowed?.server);
    await close(blocked?.server);
  });

  /** A fresh page at `origin`, recording its requests to other origins. */
  async function openPage(origin: string) {
    const page = await browser.newPage();
    const elsewhere = offOriginRequests(page, origin);

    await page.goto(`${origin}/`);
    return { page, elsewhere };
  }

  /** Uploads and lists from inside the page, reporting a failure as data. */
  function uploadAndList(
    page: Page,
    collection: string,
    content: string,
  ): Promise<PageRun> {
    return page.evaluate(
      async ({ url, token, collection, content }): Promise<PageRun> => {
        const { Cassette, show } = globalThis as unknown as PageGlobals;
        const client = new Cassette.CassetteClient({ url, token });
        try {
          const uploaded = await client.upload({ content, collection });
          const listing = await client.itemsPage({ collection, first: 10 });
          const listed = listing.edges.map((edge) => edge.node);
          show({ uploaded, listed });
          return { uploaded, listed };
        } catch (error) {
          const known = Cassette.isCassetteError(error) ? error : undefined;
          const failure: PageFailure = {
            isClientError: known !== undefined,
            code: known?.code,
            status: known?.status,
            requestId: known?.requestId,
            message: String(error),
          };
          show(failure);
          return { failure };
        }
      },
      { url: stack.gatewayUrl, token, collection, content },
    );
  }

  it('uploads and lists from an allowed origin, talking to that origin and the gateway only', async () => {
    const collection = `allowed-${randomUUID().slice(0, 8)}`;
    const content = 'from the browser: "quotes" and 🎧';
    const { page, elsewhere } = await openPage(allowed.origin);

    const result = await uploadAndList(page, collection, content);
    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();

    if ('failure' in result) {
      throw new Error(`The page failed: ${JSON.stringify(result.failure)}`);
    }
    expect(result.uploaded).toMatchObject({
      created: true,
      item: { content, collection },
    });
    expect(result.listed).toEqual([result.uploaded.item]);
    // The gateway and nothing else: seeing the gateway's requests shows the
    // recorder was listening.
    expect(new Set(elsewhere.map((url) => new URL(url).origin))).toEqual(
      new Set([new URL(stack.gatewayUrl).origin]),
    );
  });

  it('reads the status and the exposed request id of a refusal from an allowed origin', async () => {
    const { page } = await openPage(allowed.origin);

    const failure = await page.evaluate(async (url) => {
      const { Cassette } = globalThis as unknown as PageGlobals;
      const anonymous = new Cassette.CassetteClient({ url });
      try {
        await anonymous.item('6f1c2a10-b3f1-11f0-8d1e-2b7c4f9e1a55', {
          requestId: 'from-the-browser',
        });
        return undefined;
      } catch (error) {
        return Cassette.isCassetteError(error)
          ? { code: error.code, status: error.status, id: error.requestId }
          : { message: String(error) };
      }
    }, stack.gatewayUrl);
    await page.close();

    expect(failure).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
      id: 'from-the-browser',
    });
  });

  it('fails with NETWORK_ERROR from an origin not allowed, and stores nothing', async () => {
    const collection = `blocked-${randomUUID().slice(0, 8)}`;
    const { page } = await openPage(blocked.origin);

    const result = await uploadAndList(page, collection, 'should not land');
    await page.close();

    expect(result).toMatchObject({
      failure: {
        isClientError: true,
        code: 'NETWORK_ERROR',
        status: undefined,
      },
    });
    expect(await nodeClient.itemsPage({ collection, first: 10 })).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });
});
