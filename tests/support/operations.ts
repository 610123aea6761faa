import type { Item } from '@cassette/client';

/** The operations the integration tests send, written as a client would. */
export const ITEM_FIELDS = /* GraphQL */ `
  fragment ItemFields on Item {
    id
    collection
    content
    contentType
    size
    sha256
    tags
    metadata {
      key
      value
    }
    createdAt
  }
`;

export const UPLOAD = /* GraphQL */ `
  mutation Upload($input: UploadInput!) {
    upload(input: $input) {
      created
      item {
        ...ItemFields
      }
    }
  }
  ${ITEM_FIELDS}
`;

export const UPLOAD_MANY = /* GraphQL */ `
  mutation UploadMany($inputs: [UploadInput!]!) {
    uploadMany(inputs: $inputs) {
      created
      item {
        ...ItemFields
      }
    }
  }
  ${ITEM_FIELDS}
`;

export const UPLOAD_MANY_IDS = /* GraphQL */ `
  mutation UploadManyIds($inputs: [UploadInput!]!) {
    uploadMany(inputs: $inputs) {
      created
      item {
        id
      }
    }
  }
`;

export const DELETE = /* GraphQL */ `
  mutation Delete($id: ID!) {
    deleteItem(id: $id) {
      id
      deleted
    }
  }
`;

export const ITEM = /* GraphQL */ `
  query Item($id: ID!) {
    item(id: $id) {
      ...ItemFields
    }
  }
  ${ITEM_FIELDS}
`;

export const ITEMS = /* GraphQL */ `
  query Items($collection: String, $first: Int, $after: String) {
    items(collection: $collection, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...ItemFields
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
  ${ITEM_FIELDS}
`;

// The API's own types, as the typed client generates them from the schema.
export type { Item, UploadResult as UploadPayload } from '@cassette/client';

export interface ItemsPage {
  items: {
    edges: Array<{ cursor: string; node: Item }>;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

type SendGraphQL = <TData>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ body: { data?: TData | null; errors?: unknown[] } }>;

/**
 * Every item of a collection, newest first, following endCursor page by
 * page; `onPage` runs after each page (to upload while walking, say).
 */
export async function listAll(
  graphql: SendGraphQL,
  collection: string,
  first = 100,
  onPage?: () => Promise<void>,
): Promise<Item[]> {
  const items: Item[] = [];
  let after: string | null = null;
  do {
    const { body } = await graphql<ItemsPage>(ITEMS, {
      collection,
      first,
      after,
    });
    if (body.errors || !body.data) {
      throw new Error(`listing failed: ${JSON.stringify(body.errors)}`);
    }

    const page: ItemsPage['items'] = body.data.items;
    items.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    await onPage?.();
  } while (after);
  return items;
}
