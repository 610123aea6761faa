import { Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';

/** A document's fragment definitions by name. */
export function fragmentsOf(
  document: DocumentNode,
): ReadonlyMap<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  return fragments;
}

/**
 * Memoises a measure of each fragment, so a fragment spread many times, or
 * spread inside fragments that are themselves spread many times, is walked
 * once: walking every spread would take time exponential in the nesting,
 * and the walk runs before any limit has been applied.
 */
export class FragmentMemo<T> {
  private readonly results = new Map<string, T>();

  constructor(
    // What a fragment measures while it is being measured, or when it is
    // not defined. Validation refuses both cases; this keeps the walk finite
    // where validation was switched off.
    private readonly unknown: T,
  ) {}

  get(key: string, measure: () => T): T {
    const known = this.results.get(key);
    if (known !== undefined) return known;

    this.results.set(key, this.unknown);
    const result = measure();
    this.results.set(key, result);
    return result;
  }
}
