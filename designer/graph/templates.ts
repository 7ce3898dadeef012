/**
 * "New automation" from a template: every file in rules-examples/ (the same
 * files the demo company publishes and the tests run), bundled into the
 * designer. Bundled rather than served by an API route: they belong to this
 * build of the product (a template always matches the node types of the
 * designer that shows it), they need no company, permission or round trip,
 * and they add no route to the runtime. This module is imported lazily (when
 * the dialog opens), so the templates are not in the initial bundle.
 */
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';

export interface AutomationTemplate {
  /** the file's id, e.g. "bank-fees" */
  id: string;
  name: string;
  description: string;
  /** the trigger's label, e.g. "Bank line imported" */
  trigger: string | null;
  /** the trigger's node type, e.g. "bank-line-imported" (its label in the language shown: i18n nodeLabel) */
  triggerType: string | null;
  nodeCount: number;
  document: AutomationDocument;
}

const files = import.meta.glob<unknown>('../../rules-examples/*.json', { eager: true, import: 'default' });

/** The templates, by name. A file that does not parse is left out (the examples' own tests catch it). */
export const automationTemplates: AutomationTemplate[] = Object.values(files)
  .map((json) => automationDocumentSchema.safeParse(json))
  .filter((parsed) => parsed.success)
  .map(({ data: document }) => {
    const triggerNode = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger');
    const trigger = triggerNode ? descriptorOf(triggerNode.type) : undefined;
    return {
      id: document.id, name: document.name, description: document.description, trigger: trigger?.label ?? null, triggerType: triggerNode?.type ?? null,
      nodeCount: document.nodes.length, document,
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name, 'sv'));

/**
 * A new draft from a template: the template's graph under the new id and
 * name, as version 1 of a draft that nothing has published.
 */
export function documentFromTemplate(template: AutomationDocument, id: string, name: string): AutomationDocument {
  return automationDocumentSchema.parse({ ...structuredClone(template), id, name, version: 1, status: 'draft' });
}
