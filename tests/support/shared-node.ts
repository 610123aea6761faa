import type { LocalNodeHandle } from '@cassette/local-cassandra';

// Jest runs global setup and teardown in one process but may load each
// module afresh, so the node is handed over on the global object.
const globalSlot = globalThis as typeof globalThis & {
  cassetteTestNode?: LocalNodeHandle;
};

export function setSharedNode(node: LocalNodeHandle): void {
  globalSlot.cassetteTestNode = node;
}

export function takeSharedNode(): LocalNodeHandle | undefined {
  const node = globalSlot.cassetteTestNode;
  delete globalSlot.cassetteTestNode;
  return node;
}
