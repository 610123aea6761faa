export * from './load';
export * from './run';
