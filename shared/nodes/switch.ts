import { z } from 'zod';
import { defineNode, type PortSpec } from './descriptor.ts';

/** The branch taken when no case matches; a case may not use this id. */
export const switchDefaultBranch = 'default';

export const switchCaseSchema = z.object({
  /** the branch id: stored in edges' `sourceHandle`, so never renamed lightly */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'case ids are 1–64 letters, digits, "-" or "_"'),
  label: z.string().max(120).default(''),
  expression: z.unknown().describe('A JSON Logic expression; the first truthy case wins'),
}).strict();
export type SwitchCase = z.infer<typeof switchCaseSchema>;

export const switchCasesMax = 50;

export const switchNode = defineNode({
  type: 'switch',
  version: 1,
  kind: 'condition',
  label: 'Switch',
  description: 'Follows the branch of the first case whose JSON Logic expression is truthy, else "default".',
  category: 'Logic',
  configSchema: z.object({
    cases: z.array(switchCaseSchema).min(1, 'add at least one case').max(switchCasesMax),
  }).strict().superRefine((config, issues) => {
    const seen = new Set<string>();
    config.cases.forEach((c, index) => {
      if (c.id === switchDefaultBranch) {
        issues.addIssue({ code: 'custom', path: ['cases', index, 'id'], message: `"${switchDefaultBranch}" is the branch taken when no case matches; give the case another id` });
      } else if (seen.has(c.id)) {
        issues.addIssue({ code: 'custom', path: ['cases', index, 'id'], message: `Two cases have the id "${c.id}"; case ids must be unique` });
      }
      seen.add(c.id);
    });
  }),
  defaultConfig: {
    cases: [
      { id: 'case-1', label: 'Case 1', expression: { '<': [{ var: 'event.amountMinor' }, 0] } },
    ],
  },
  outputs: [{ id: switchDefaultBranch, label: 'default', optional: true }],
  outputsFor: (config) => [
    ...config.cases.map((c): PortSpec => ({ id: c.id, label: c.label || c.id, optional: true })),
    { id: switchDefaultBranch, label: 'default', optional: true },
  ],
  form: [
    { key: 'cases', label: 'Cases (first truthy wins)', widget: 'switch-cases',
      help: 'Each case is a branch (its id names the branch on the canvas) with a condition; the first case that holds wins, else "default".' },
  ],
  expressions: (config) => config.cases.map((c, index) => ({ path: ['cases', index, 'expression'], rule: c.expression, produces: 'boolean' as const })),
});
