export * from './api-key-cache';
export * from './api-keys';
export * from './authenticate';
export * from './config';
export * from './jwt';
export * from './principal';
