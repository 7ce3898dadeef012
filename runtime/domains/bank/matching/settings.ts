import { z } from 'zod';

/**
 * Settings of the match-payment node. The node descriptor reuses this schema
 * (config schema with defaults); `createMatcher` parses with it too.
 */
export const matchSettingsSchema = z.object({
  /** a decision needs at least this score (0–1) to settle anything */
  thresholdScore: z.number().min(0).max(1).default(0.8),
  /**
   * Matches without a reference (payer name + amount, and the name-based
   * multi-invoice search) need the booking date within
   * [issue date − dateWindowDays, due date + dateWindowDays].
   */
  dateWindowDays: z.number().int().min(0).max(730).default(60),
  /** a payment below the open amount settles part of the invoice; else an exception */
  allowPartial: z.boolean().default(true),
  /**
   * a payment above the open amount settles the invoice and leaves the excess
   * as a customer credit; else an exception (an overpayment is often a
   * duplicate or a payment meant for another invoice: a person should look)
   */
  allowOverpayment: z.boolean().default(false),
  /** most invoices one payment may settle; 1 turns the multi-invoice search off */
  invoicesMax: z.number().int().min(1).max(20).default(5),
}).strict();

export type MatchSettings = z.output<typeof matchSettingsSchema>;
export type MatchSettingsInput = z.input<typeof matchSettingsSchema>;

export const defaultMatchSettings: MatchSettings = matchSettingsSchema.parse({});
