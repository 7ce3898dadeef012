import { z } from 'zod';
import { defineTrigger } from './descriptor.ts';

/** A signed delivery to one of the company's webhook endpoints (Standard Webhooks). */
export const webhookReceived = defineTrigger({
  type: 'webhook-received',
  label: 'Signed webhook received',
  description: 'Fires for every verified delivery to a webhook endpoint of this trigger; the JSON body is event.payload.',
  event: {
    schema: z.object({
      webhookId: z.string(), endpointId: z.string(), receivedAt: z.string(), payload: z.record(z.string(), z.unknown()),
    }),
    fields: [
      { path: 'event.webhookId', type: 'string', label: 'Delivery id (webhook-id)', example: 'msg_2Kd8' },
      { path: 'event.endpointId', type: 'string', label: 'Endpoint', example: 'wh_1' },
      { path: 'event.receivedAt', type: 'string', label: 'Received at', example: '2026-11-30T08:00:00.000Z' },
      { path: 'event.payload', type: 'object', label: 'The JSON body', example: { type: 'payment.settled', amountMinor: 125000 } },
    ],
    example: { webhookId: 'msg_2Kd8', endpointId: 'wh_1', receivedAt: '2026-11-30T08:00:00.000Z', payload: { type: 'payment.settled', amountMinor: 125000 } },
  },
});
