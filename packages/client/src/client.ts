import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

import { CassetteClientError, type GraphQLErrorEntry } from './errors';
import {
  DeleteItemDocument,
  ItemDocument,
  ItemsDocument,
  UploadDocument,
  UploadManyDocument,
  type ItemFieldsFragment,
  type ItemsQuery,
  type UploadInput,
} from './generated/operations';

/** An item with every field, as each operation of this client returns it. */
export type Item = ItemFieldsFragment;

/** What an upload returns: the item, and false when a retry found it stored. */
export interface UploadResult {
  item: Item;
  created: boolean;
}

export type ItemsPage = ItemsQuery['items'];

/** A GraphQL document that carries its result and variables types. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<
  TResult,
  TVariables
> & { toString(): string };

/** The bearer token, or a function that returns a fresh one per request. */
export type TokenSource =
  string | (() => string | undefined | Promise<string | undefined>);

export interface CassetteClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://localhost:8000/graphql`. */
  url: string;
  /** An API key or a JWT, sent as `Authorization: Bearer …`. */
  token?: TokenSource;
  /** How long one request may take, in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as `x-request-id`, so the request can be found in the logs. */
  requestId?: string;
}

export interface ItemsOptions extends RequestOptions {
  /** @default "default" */
  collection?: string;
  /** Items fetched per request, from 1 to 100. @default 100 */
  pageSize?: number;
  /** Start after this cursor instead of at the newest item. */
  after?: string;
}

interface GraphQLResponseBody<TResult> {
  data?: TResult | null;
  errors?: GraphQLErrorEntry[];
}

/**
 * Talks to Cassette's gateway with the standard `fetch` only, so it runs the
 * same in browsers and in Node. Every failure is a `CassetteClientError`.
 */
export class CassetteClient {
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: CassetteClientOptions) {
    if (!/^https?:\/\//.test(options.url)) {
      throw new TypeError(
        `CassetteClient needs an http(s) URL for the gateway, got "${options.url}"`,
      );
    }
    // Unbound, a browser's fetch throws "Illegal invocation".
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Stores one item; with an `idempotencyKey`, safe to retry. */
  async upload(
    input: UploadInput,
    options?: RequestOptions,
  ): Promise<UploadResult> {
    const data = await this.request(UploadDocument, { input }, options);
    return data.upload;
  }

  /** Stores up to 100 items; results come back in input order. */
  async uploadMany(
    inputs: UploadInput[],
    options?: RequestOptions,
  ): Promise<UploadResult[]> {
    const data = await this.request(UploadManyDocument, { inputs }, options);
    return data.uploadMany;
  }

  /** One item, or null when there is none with this id. */
  async item(id: string, options?: RequestOptions): Promise<Item | null> {
    const data = await this.request(ItemDocument, { id }, options);
    return data.item;
  }

  /** Deletes an item; false when there was none with this id. */
  async deleteItem(id: string, options?: RequestOptions): Promise<boolean> {
    const data = await this.request(DeleteItemDocument, { id }, options);
    return data.deleteItem.deleted;
  }

  /** One page of a collection, newest first. */
  async itemsPage(
    page: { collection?: string; first?: number; after?: string | null },
    options?: RequestOptions,
  ): Promise<ItemsPage> {
    const data = await this.request(ItemsDocument, page, options);
    return data.items;
  }

  /**
   * Every item of a collection, newest first, fetched a page at a time as
   * the loop asks for more. Stop early with `break`.
   */
  async *items(
    options: ItemsOptions = {},
  ): AsyncGenerator<Item, void, undefined> {
    const {
      collection,
      pageSize = 100,
      after: start,
      ...requestOptions
    } = options;
    let after = start ?? null;

    for (;;) {
      const page = await this.itemsPage(
        { collection, first: pageSize, after },
        requestOptions,
      );
      for (const edge of page.edges) yield edge.node;

      const { hasNextPage, endCursor } = page.pageInfo;
      if (!hasNextPage || !endCursor) return;
      after = endCursor;
    }
  }

  /** Sends any typed document; resolves with its data or throws. */
  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TResult> {
    const response = await this.send(
      JSON.stringify({ query: document.toString(), variables }),
      options,
    );
    const body = parseBody<TResult>(response);

    if (body.errors?.length) {
      throw CassetteClientError.fromGraphQLErrors(body.errors, {
        status: response.status,
        requestId: response.requestId,
      });
    }
    if (body.data == null) {
      throw new CassetteClientError(
        'BAD_RESPONSE',
        `The gateway answered HTTP ${response.status} with neither data nor errors.`,
        { status: response.status, requestId: response.requestId },
      );
    }
    return body.data;
  }

  private async send(
    body: string,
    options: RequestOptions,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {
      ...this.options.headers,
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    };
    const token = await this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.requestId) headers['x-request-id'] = options.requestId;

    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;

    // The body is read inside the same guard: the timeout and the caller's
    // signal still apply while it streams in, and a connection can drop
    // after the headers arrived.
    try {
      const response = await this.fetchFn(this.options.url, {
        method: 'POST',
        headers,
        body,
        signal,
      });
      return {
        status: response.status,
        requestId: response.headers.get('x-request-id') ?? undefined,
        text: await response.text(),
      };
    } catch (error) {
      if (timeout.aborted) throw this.timeoutError(error);
      if (options.signal?.aborted) throw abortedError(options.signal.reason);
      throw networkError(this.options.url, error);
    }
  }

  // A token function that fails is the caller's credential problem, and
  // surfaces like every other failure: as a CassetteClientError.
  private async token(): Promise<string | undefined> {
    const { token } = this.options;
    if (typeof token !== 'function') return token;
    try {
      return await token();
    } catch (error) {
      throw new CassetteClientError(
        'UNAUTHENTICATED',
        `The token function failed: ${messageOf(error) ?? String(error)}`,
        { cause: error },
      );
    }
  }

  private timeoutError(cause: unknown): CassetteClientError {
    return new CassetteClientError(
      'TIMEOUT',
      `The gateway at ${this.options.url} did not answer within ${this.timeoutMs} ms.`,
      { cause },
    );
  }
}

/** A response read in full, before it is parsed. */
interface RawResponse {
  status: number;
  requestId: string | undefined;
  text: string;
}

// The caller cancelled: not the gateway's fault, and not worth retrying.
function abortedError(reason: unknown): CassetteClientError {
  const detail = messageOf(reason);
  return new CassetteClientError(
    'ABORTED',
    `The request was aborted by its caller${detail ? `: ${detail}` : ''}`,
    { cause: reason },
  );
}

function networkError(url: string, cause: unknown): CassetteClientError {
  // Node's fetch says only "fetch failed" and keeps the reason, such as
  // ECONNREFUSED, in its own `cause`; browsers give no more than a message.
  const outer = messageOf(cause) ?? String(cause);
  const inner = isObject(cause) ? messageOf(cause.cause) : undefined;
  return new CassetteClientError(
    'NETWORK_ERROR',
    `Could not reach the gateway at ${url}: ${inner ? `${outer} (${inner})` : outer}`,
    { cause },
  );
}

// Duck-typed rather than `instanceof Error`: errors from another realm (an
// iframe, a test sandbox, Node's built-in fetch under Jest) fail that check.
function messageOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.message === 'string'
    ? value.message
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseBody<TResult>(
  response: RawResponse,
): GraphQLResponseBody<TResult> {
  try {
    const body: unknown = JSON.parse(response.text);
    if (isObject(body)) return body as GraphQLResponseBody<TResult>;
  } catch {
    // Not JSON: reported below with what did come back.
  }
  throw new CassetteClientError(
    'BAD_RESPONSE',
    `The gateway answered HTTP ${response.status} with something other than a GraphQL response: ${JSON.stringify(response.text.slice(0, 120))}`,
    { status: response.status, requestId: response.requestId },
  );
}
