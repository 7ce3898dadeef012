import { z } from 'zod';
import { defineTrigger } from './descriptor.ts';

export const manualRun = defineTrigger({
  type: 'manual-run',
  label: 'Manual run',
  description: 'Started by a person from the designer or the API, with an event they supply.',
  event: {
    schema: z.object({ date: z.iso.date(), note: z.string().max(500).default('') }).passthrough(),
    fields: [
      { path: 'event.date', type: 'date', label: 'Date', example: '2026-11-30' },
      { path: 'event.note', type: 'string', label: 'Note', example: '' },
    ],
    example: { date: '2026-11-30', note: '' },
  },
});
