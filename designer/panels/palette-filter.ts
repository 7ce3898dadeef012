import { nodeDescriptors, type NodeType } from '../../shared/nodes/index.ts';
import { nodeDescription, nodeLabel } from '../i18n/i18n.ts';

/**
 * The node types whose label, description or type name contain every word of
 * `query` (case-insensitive, in any order); all of them for an empty query.
 */
export function filterNodeTypes(query: string, types: readonly NodeType[] = Object.keys(nodeDescriptors) as NodeType[]): NodeType[] {
  const words = query.toLocaleLowerCase('sv-SE').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...types];
  return types.filter((type) => {
    const descriptor = nodeDescriptors[type];
    // the shown (maybe Swedish) texts and the English ones, so either language finds a step
    const haystack = `${nodeLabel(type, descriptor.label)} ${nodeDescription(type, descriptor.description)} ${descriptor.label} ${descriptor.description} ${type}`.toLocaleLowerCase('sv-SE');
    return words.every((word) => haystack.includes(word));
  });
}
