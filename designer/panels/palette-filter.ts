import { nodeDescriptors, type NodeType } from '../../shared/nodes/index.ts';

/**
 * The node types whose label, description or type name contain every word of
 * `query` (case-insensitive, in any order); all of them for an empty query.
 */
export function filterNodeTypes(query: string, types: readonly NodeType[] = Object.keys(nodeDescriptors) as NodeType[]): NodeType[] {
  const words = query.toLocaleLowerCase('sv-SE').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...types];
  return types.filter((type) => {
    const descriptor = nodeDescriptors[type];
    const haystack = `${descriptor.label} ${descriptor.description} ${type}`.toLocaleLowerCase('sv-SE');
    return words.every((word) => haystack.includes(word));
  });
}
