/**
 * Settings of the match-payment node's matcher: the schema is defined once,
 * with the node (shared/nodes/match-payment.ts); `createMatcher` parses with it.
 */
import { z } from 'zod';
import { matchSettingsSchema } from '../../../../shared/nodes/match-payment.ts';

export { matchSettingsSchema };
export type MatchSettings = z.output<typeof matchSettingsSchema>;
export type MatchSettingsInput = z.input<typeof matchSettingsSchema>;

export const defaultMatchSettings: MatchSettings = matchSettingsSchema.parse({});
