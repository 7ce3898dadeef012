import { z } from 'zod';

/** Limits on a document, checked wherever it enters. */
export const automationLimits = {
  /** a 300-node automation must stay usable in the designer (npm run bench designer-canvas) */
  nodesMax: 500,
  edgesMax: 1000,
  /** sticky notes on the canvas (layout only) */
  notesMax: 100,
  noteTextLengthMax: 2000,
  nameLengthMax: 120,
  /**
   * Deepest nesting of objects and arrays inside a node's config. Above JSON
   * Logic's own depth limit (64 operators ≈ 130 JSON levels) so that rules get its precise error; far
   * below what would overflow a stack in JSON.stringify or a recursive walk.
   */
  configDepthMax: 300,
} as const;

/** The path to the first value nested deeper than `depthMax`, or null. Iterative: any depth is safe. */
export function pathDeeperThan(value: unknown, depthMax: number): (string | number)[] | null {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length) {
    const top = stack.pop()!;
    if (top.value === null || typeof top.value !== 'object') continue;
    if (top.depth >= depthMax) return top.path;
    const entries: [string | number, unknown][] = Array.isArray(top.value) ? top.value.map((v, i) => [i, v]) : Object.entries(top.value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') {
        // Paths are only materialised along the way down, and only up to the limit.
        stack.push({ value: child, depth: top.depth + 1, path: [...top.path, key] });
      }
    }
  }
  return null;
}

export const nodeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1–64 letters, digits, "-" or "_"');

export const automationNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1).max(64),
  version: z.number().int().min(1).default(1),
  name: z.string().max(automationLimits.nameLengthMax).default(''),
  /** For the designer only; the engine ignores it. */
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  config: z.unknown().default({}).superRefine((config, context) => {
    const path = pathDeeperThan(config, automationLimits.configDepthMax);
    if (path) {
      context.addIssue({
        code: 'custom', path, params: { code: 'config_too_deep' },
        message: `nested deeper than ${automationLimits.configDepthMax} levels`,
      });
    }
  }),
}).strict();

export const automationEdgeSchema = z.object({
  id: nodeIdSchema,
  source: nodeIdSchema,
  target: nodeIdSchema,
  /** The named branch the edge leaves from; omitted for single-output nodes. */
  sourceHandle: z.string().max(64).nullish(),
}).strict();

/**
 * A sticky note on the canvas: layout only, like a node's position. It is
 * saved with the automation; the engine never reads it.
 */
export const automationNoteSchema = z.object({
  id: nodeIdSchema,
  text: z.string().max(automationLimits.noteTextLengthMax),
  position: z.object({ x: z.number(), y: z.number() }),
  /** the note's width in canvas pixels; the designer's default when absent */
  width: z.number().int().min(120).max(800).optional(),
}).strict();

export const automationStatusSchema = z.enum(['draft', 'published']);

/** The automation document: a flat list of nodes and a flat list of edges (GoRules JDM style). */
export const automationDocumentSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'ids are lowercase letters, digits and "-"'),
  name: z.string().min(1, 'give the automation a name').max(automationLimits.nameLengthMax),
  description: z.string().max(2000).default(''),
  /** The version this document is, or will be when published. */
  version: z.number().int().min(1).default(1),
  status: automationStatusSchema.default('draft'),
  /**
   * Lower runs first when several automations share a trigger. For bank lines
   * the first automation that posts books the line; the others do not run.
   */
  priority: z.number().int().min(0).max(1000).default(100),
  nodes: z.array(automationNodeSchema).max(automationLimits.nodesMax),
  edges: z.array(automationEdgeSchema).max(automationLimits.edgesMax),
  /** Sticky notes for the people who read the graph; optional, ignored by the engine. */
  notes: z.array(automationNoteSchema).max(automationLimits.notesMax).optional(),
}).strict().superRefine((document, context) => {
  const seen = new Set<string>();
  document.notes?.forEach((note, index) => {
    if (seen.has(note.id)) context.addIssue({ code: 'custom', path: ['notes', index, 'id'], message: `note id "${note.id}" is used twice` });
    seen.add(note.id);
  });
});

export type AutomationDocument = z.infer<typeof automationDocumentSchema>;
export type AutomationNode = z.infer<typeof automationNodeSchema>;
export type AutomationEdge = z.infer<typeof automationEdgeSchema>;
export type AutomationNote = z.infer<typeof automationNoteSchema>;
export type AutomationDocumentInput = z.input<typeof automationDocumentSchema>;

/** One problem in a document: where (path, node) and what (code, message). */
export interface ValidationIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  /** JSON path inside the document, e.g. ["nodes", 2, "config", "lines", 0, "account"] */
  path: (string | number)[];
  nodeId?: string;
  edgeId?: string;
}

export const validationIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
});
