import { z } from 'zod';
import { defineNode } from './descriptor.ts';

export const manualRun = defineNode({
  type: 'manual-run',
  version: 1,
  kind: 'trigger',
  label: 'Manual run',
  description: 'Started by a person from the designer or the API, with an event they supply.',
  category: 'Triggers',
  configSchema: z.object({}).strict(),
  defaultConfig: {},
  outputs: [{ id: 'out', label: 'then', optional: false }],
  form: [],
  event: {
    schema: z.object({ date: z.iso.date(), note: z.string().max(500).default('') }).passthrough(),
    fields: [
      { path: 'event.date', type: 'date', label: 'Date', example: '2026-11-30' },
      { path: 'event.note', type: 'string', label: 'Note', example: '' },
    ],
    example: { date: '2026-11-30', note: '' },
  },
  expressions: () => [],
});
