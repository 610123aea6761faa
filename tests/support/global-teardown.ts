import { takeSharedNode } from './shared-node';

/** Stops the local node only if the global setup started it. */
export default async function globalTeardown(): Promise<void> {
  await takeSharedNode()?.stop();
}
