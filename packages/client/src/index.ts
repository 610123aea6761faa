export {
  CassetteClient,
  type CassetteClientOptions,
  type Item,
  type ItemsOptions,
  type ItemsPage,
  type RequestOptions,
  type TokenSource,
  type TypedDocument,
  type UploadResult,
} from './client';
export {
  CassetteClientError,
  isCassetteError,
  type CassetteErrorDetails,
  type ErrorCode,
  type GraphQLErrorEntry,
  type KnownErrorCode,
} from './errors';
export * from './generated/operations';
