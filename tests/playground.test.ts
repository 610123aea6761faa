import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { createCassandraClient, migrate } from '@cassette/common';
import type { Browser, Page } from 'playwright-core';

import { ApiKeyStore } from '../gateway/src/auth/api-keys';
import { loadAsset, playgroundFiles } from '../gateway/src/playground/assets';
import { REPO_ROOT } from '../scripts/lib/services';
import { launchBrowser, offOriginRequests } from './support/browser';
import { testCassandraConfig, testLogger } from './support/cassandra';
import { startPrefixProxy } from './support/prefix-proxy';
import { startStack, STACK_TENANT, type Stack } from './support/stack';

const SCREENSHOT = path.join(REPO_ROOT, 'test-artifacts/playground.png');

// The gateway reads PLAYGROUND_API_KEY when it starts, so the key is made
// first, in a keyspace migrated here that the stack then runs in.
async function keyspaceWithKey() {
  const config = testCassandraConfig();
  await migrate({ config, logger: testLogger });

  const client = createCassandraClient(config, testLogger);
  try {
    const { token } = await new ApiKeyStore(client, config.keyspace).create({
      tenant: STACK_TENANT,
      scopes: ['items:read', 'items:write'],
      name: 'playground test',
    });
    return { keyspace: config.keyspace, token };
  } finally {
    await client.shutdown();
  }
}

/**
 * What `page` does from now on: requests that leave the gateway's origin,
 * errors on its console (a refused CSP directive is one) and the
 * credential each GraphQL request sends.
 */
function watch(page: Page, graphqlUrl: string) {
  const elsewhere = offOriginRequests(page, new URL(graphqlUrl).origin);
  const consoleErrors: string[] = [];
  const credentials: Array<string | undefined> = [];

  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url() === graphqlUrl) {
      credentials.push(request.headers().authorization);
    }
  });
  return { elsewhere, consoleErrors, credentials };
}

/** GraphiQL's parts, by role and name where it gives them one. */
function graphiql(page: Page) {
  return {
    // A tab's name also holds its close button's; its title is its own.
    tab: (name: string) =>
      page
        .getByRole('tab')
        .filter({ has: page.getByTitle(name, { exact: true }) }),
    execute: page.getByRole('button', { name: /^Execute query/ }),
    queryEditor: page.locator('.graphiql-query-editor'),
    editorTools: page.locator('.graphiql-editor-tool .graphiql-editor'),
    headersButton: page.getByRole('button', { name: 'Headers', exact: true }),
    response: page.locator('.graphiql-response'),
    settingsButton: page.getByRole('button', { name: 'Open settings dialog' }),
  };
}

// GraphiQL names the operation to run 100 ms after a tab's query is shown
// (a debounce); executing sooner sends the previous tab's operation name.
async function openTab(page: Page, name: string, operation: string) {
  const ui = graphiql(page);
  await ui.tab(name).click();
  await ui.queryEditor.filter({ hasText: operation }).waitFor();
  await sleep(500);
}

describe('the playground', () => {
  let stack: Stack;
  let token: string;
  let browser: Browser;

  beforeAll(async () => {
    const prepared = await keyspaceWithKey();
    token = prepared.token;
    stack = await startStack({
      keyspace: prepared.keyspace,
      env: { PLAYGROUND_API_KEY: token },
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('runs the example upload and list in a browser with the pre-filled key, loading nothing from elsewhere', async () => {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
    });
    const { origin } = new URL(stack.gatewayUrl);
    const seen = watch(page, stack.gatewayUrl);
    const ui = graphiql(page);
    const content = `from the playground ${randomBytes(8).toString('hex')}`;

    await page.goto(`${origin}/`);
    await ui.tab('Upload').click();
    await ui.editorTools
      .filter({ hasText: 'Hello from the playground' })
      .click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(JSON.stringify({ input: { content } }));
    await ui.execute.click();
    await ui.response.filter({ hasText: content }).waitFor();
    const uploaded = await ui.response.innerText();

    await openTab(page, 'Items', 'query Items');
    await ui.execute.click();
    await ui.response.filter({ hasText: content }).waitFor();
    const listed = await ui.response.innerText();

    // A dialog adds an inline style, which the page's policy must allow.
    await ui.settingsButton.click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await ui.headersButton.click();
    const headers = await ui.editorTools
      .filter({ hasText: 'Bearer' })
      .innerText();
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    expect(page.url()).toBe(stack.gatewayUrl);
    expect(uploaded).toContain('"created": true');
    const id = /"id": "([^"]+)"/.exec(uploaded)?.[1];
    expect(id).toBeDefined();
    expect(listed).toContain('"edges"');
    expect(listed).toContain(`"id": "${id}"`);
    expect(headers).toContain(`Bearer ${token}`);
    // The schema, the upload and the list, each with the key.
    expect(seen.credentials.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.credentials)).toEqual(new Set([`Bearer ${token}`]));
    expect(seen.elsewhere).toEqual([]);
    expect(seen.consoleErrors).toEqual([]);
  }, 90_000);

  it('works behind a proxy that serves the gateway under a path prefix', async () => {
    const proxy = await startPrefixProxy('/cassette', stack.gatewayUrl);
    const page = await browser.newPage();
    const seen = watch(page, `${proxy.url}/graphql`);
    const ui = graphiql(page);

    try {
      await page.goto(`${proxy.url}/`);
      await openTab(page, 'Items', 'query Items');
      await ui.execute.click();
      await ui.response.filter({ hasText: '"edges"' }).waitFor();
    } finally {
      await page.close();
      await proxy.close();
    }

    expect(page.url()).toBe(`${proxy.url}/graphql`);
    expect(proxy.paths.filter((url) => !url.startsWith('/cassette/'))).toEqual(
      [],
    );
    expect(proxy.paths).toEqual(
      expect.arrayContaining([
        '/cassette/',
        '/cassette/graphql',
        expect.stringMatching(/^\/cassette\/playground\/[\w-]+\/graphiql/),
      ]),
    );
    // The schema and the list, each sent through the prefix with the key.
    expect(seen.credentials.length).toBeGreaterThanOrEqual(2);
    expect(seen.elsewhere).toEqual([]);
    expect(seen.consoleErrors).toEqual([]);
  }, 60_000);

  it('sends a browser from the path with a trailing slash to the page, but answers operations there', async () => {
    const page = await fetch(`${stack.gatewayUrl}/?tab=1`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    const slashed = await fetch(`${stack.gatewayUrl}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        query: '{ items(first: 1) { edges { cursor } } }',
      }),
    });

    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe('../graphql?tab=1');
    expect(slashed.status).toBe(200);
    expect(((await slashed.json()) as { data?: unknown }).data).toEqual({
      items: { edges: expect.any(Array) },
    });
  });

  it('sends the page with a strict Content-Security-Policy and nosniff', async () => {
    const response = await fetch(stack.gatewayUrl, {
      headers: { accept: 'text/html' },
    });
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
      ]),
    );
    // Every script is a file of the gateway's, or data that never runs.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    const inline = scripts.filter(
      (tag) => !tag.includes('src="playground/') && !tag.includes('json'),
    );
    expect(scripts.length).toBeGreaterThan(1);
    expect(inline).toEqual([]);
    expect(html).not.toContain('<style');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves its assets without a credential, cached for a year', async () => {
    const { origin } = new URL(stack.gatewayUrl);
    const html = await (
      await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } })
    ).text();
    const urls = [...html.matchAll(/(?:src|href)="(playground\/[^"]+)"/g)];

    expect(urls.map(([, url]) => path.basename(url!)).sort()).toEqual([
      'graphiql.min.css',
      'graphiql.min.js',
      'playground.css',
      'playground.js',
      'react-dom.production.min.js',
      'react.production.min.js',
    ]);
    for (const [, url] of urls) {
      const response = await fetch(`${origin}/${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(
        'public, max-age=31536000, immutable',
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('sends its assets gzipped to a browser that accepts it', async () => {
    const { origin } = new URL(stack.gatewayUrl);
    const [script] = playgroundFiles().scripts.filter(({ file }) =>
      file.endsWith('graphiql.min.js'),
    );
    const { url, body } = loadAsset(script!.file, script!.type);

    // fetch decompresses what it receives, so the bodies compare as sent.
    const gzipped = await fetch(`${origin}${url}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    const plain = await fetch(`${origin}${url}`, {
      headers: { 'accept-encoding': 'identity' },
    });

    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(
      body.length / 2,
    );
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(body)).toBe(true);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(body.length);
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
  });

  it('still refuses an operation without a credential', async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ items { edges { cursor } } }' }),
    });

    expect(response.status).toBe(401);
  });
});

describe('the gateway with PLAYGROUND=false', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      only: ['gateway'],
      env: { PLAYGROUND: 'false' },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers a browser asking for /graphql with no page', async () => {
    const response = await fetch(stack.gatewayUrl, {
      headers: { accept: 'text/html' },
    });
    const body = await response.text();

    expect(response.headers.get('content-type')).not.toMatch(/^text\/html/);
    expect(body).not.toMatch(/<html|graphiql/i);
  });

  it('serves neither the redirect from / nor the assets', async () => {
    const { origin } = new URL(stack.gatewayUrl);
    const { scripts } = playgroundFiles();
    const script = loadAsset(scripts[0]!.file, scripts[0]!.type);

    const root = await fetch(`${origin}/`, { redirect: 'manual' });
    const asset = await fetch(`${origin}${script.url}`);

    expect(root.status).toBe(404);
    expect(asset.status).toBe(404);
  });
});
