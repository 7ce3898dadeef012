import { Cron, type CronOptions } from 'croner';
import { z } from 'zod';
import { defineNode } from './descriptor.ts';

/** The zone of a schedule without its own `timeZone`: the company's. */
export const scheduleDefaultTimeZone = 'Europe/Stockholm';
/** The most missed occurrences a schedule may catch up in one go, whatever its config says. */
export const scheduleCatchUpHardMax = 100;
export const scheduleCronLengthMax = 200;

/**
 * How every cron pattern of a schedule is read, here and in runtime/timers.
 * 5 fields (minute precision) or 6 (the first is seconds); no year field.
 * `no-wildcard`: a pattern whose second, minute and hour fields have no `*` and no step
 * (`30 2 * * *`, `0 1-3 * * *`, `0,30 2 * * *`) is a fixed-time job: a local time skipped by
 * a DST gap fires once at the end of the gap, a local time that happens twice fires once (the
 * first). Other patterns (a `*` or a step in those fields, e.g. every 15 minutes) are interval
 * jobs and follow real elapsed time: they skip the lost hour and run in both copies of the repeated one.
 */
export const scheduleCronOptions = {
  mode: '5-or-6-parts',
  fixedTimeRule: 'no-wildcard',
  paused: true,
} as const satisfies CronOptions;

/** Why a cron pattern is unusable, as a sentence, or null when it is fine. */
export function cronPatternIssue(pattern: string): string | null {
  if (pattern.trim() === '') return 'enter a cron pattern, e.g. "0 6 * * 1-5" (weekdays at 06:00)';
  if (pattern.length > scheduleCronLengthMax) return `at most ${scheduleCronLengthMax} characters`;
  let cron: Cron;
  try {
    cron = new Cron(pattern, { ...scheduleCronOptions, timezone: 'UTC' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `not a valid cron pattern (${message.replace(/^CronPattern:\s*/, '')})`;
  }
  // Without a year field, a pattern that ever fires does so within 28 years of any date.
  if (cron.nextRun(new Date(Date.UTC(2000, 0, 1))) === null) return 'the pattern never matches a date (e.g. 30 February)';
  return null;
}

/** Why a time zone is unusable, or null when the runtime knows it (IANA names such as Europe/Stockholm). */
export function timeZoneIssue(timeZone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return `unknown time zone "${timeZone}"; use an IANA name such as ${scheduleDefaultTimeZone}`;
  }
}

export const scheduleModes = ['cron', 'fiscal'] as const;
export const scheduleFiscalKinds = ['first_working_day_of_period', 'last_day_of_period', 'first_day_of_period'] as const;
export const scheduleCatchUpPolicies = ['skip', 'once', 'each'] as const;

/** The text widget delivers strings; accept "10" as well as 10. */
const catchUpMaxSchema = z.union([z.number(), z.string().trim().regex(/^\d{1,3}$/, 'a whole number').transform(Number)])
  .pipe(z.number().int().min(1).max(scheduleCatchUpHardMax, `at most ${scheduleCatchUpHardMax}`));

export const scheduleConfigSchema = z.object({
  mode: z.enum(scheduleModes).default('cron'),
  cron: z.string().max(scheduleCronLengthMax).default('0 6 * * 1-5')
    .describe('5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first'),
  fiscal: z.enum(scheduleFiscalKinds).default('first_working_day_of_period'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM, e.g. 06:00').default('06:00'),
  timeZone: z.string().max(64).optional().describe(`IANA zone; default the company's (${scheduleDefaultTimeZone})`),
  catchUp: z.enum(scheduleCatchUpPolicies).default('once'),
  catchUpMax: catchUpMaxSchema.default(10),
}).strict().superRefine((config, issues) => {
  if (config.mode === 'cron') {
    const issue = cronPatternIssue(config.cron);
    if (issue) issues.addIssue({ code: 'custom', path: ['cron'], message: issue });
  }
  if (config.timeZone !== undefined) {
    const issue = timeZoneIssue(config.timeZone);
    if (issue) issues.addIssue({ code: 'custom', path: ['timeZone'], message: issue });
  }
});
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

/** The event a schedule delivers for one occurrence. */
export const scheduleEventSchema = z.object({
  /** the occurrence's exact instant, e.g. 2026-02-02T05:00:00.000Z */
  scheduledAt: z.iso.datetime(),
  /** its local date in `timeZone` */
  scheduledDate: z.iso.date(),
  /** its local calendar month in `timeZone` (the company's fiscal periods are months) */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  timeZone: z.string().min(1),
  /** true when the occurrence was missed and is run late */
  catchUp: z.boolean(),
}).strict();
export type ScheduleEvent = z.infer<typeof scheduleEventSchema>;

export const schedule = defineNode({
  type: 'schedule',
  version: 1,
  kind: 'trigger',
  label: 'Schedule',
  description: 'Fires on a cron pattern or a fiscal date (e.g. the first working day of each month), in the company\'s time zone.',
  category: 'Triggers',
  configSchema: scheduleConfigSchema,
  defaultConfig: {
    mode: 'cron', cron: '0 6 * * 1-5', fiscal: 'first_working_day_of_period', time: '06:00', catchUp: 'once', catchUpMax: 10,
  },
  outputs: [{ id: 'out', label: 'then', optional: false }],
  form: [
    { key: 'mode', label: 'Repeat', widget: 'select', options: [
      { value: 'cron', label: 'On a cron pattern' },
      { value: 'fiscal', label: 'On a date in each period (month)' },
    ] },
    { key: 'cron', label: 'Cron pattern', widget: 'text', placeholder: '0 6 * * 1-5',
      help: 'Used when repeating on a cron pattern. minute hour day-of-month month day-of-week, in local time: '
        + '"0 6 * * 1-5" = weekdays at 06:00, "0 7 1 * *" = the 1st of each month at 07:00, "*/15 * * * *" = every 15 minutes. '
        + 'Six fields put seconds first.' },
    { key: 'fiscal', label: 'Day of the period', widget: 'select',
      help: 'Used when repeating on a date in each period. Working days are Monday–Friday except Swedish public holidays.',
      options: [
        { value: 'first_working_day_of_period', label: 'First working day' },
        { value: 'first_day_of_period', label: 'First day' },
        { value: 'last_day_of_period', label: 'Last day' },
      ] },
    { key: 'time', label: 'At (local time)', widget: 'text', placeholder: '06:00',
      help: 'HH:MM, used when repeating on a date in each period' },
    { key: 'catchUp', label: 'Missed runs', widget: 'select',
      help: 'What to do with occurrences missed while the service was down',
      options: [
        { value: 'once', label: 'Run the latest missed one once' },
        { value: 'each', label: 'Run each missed one (up to the limit)' },
        { value: 'skip', label: 'Skip them' },
      ] },
    { key: 'catchUpMax', label: 'Catch up at most', widget: 'text', placeholder: '10',
      help: `With "Run each missed one": the most recent missed runs to make up, 1–${scheduleCatchUpHardMax}; older ones are skipped` },
  ],
  event: {
    schema: scheduleEventSchema,
    fields: [
      { path: 'event.scheduledAt', type: 'string', label: 'Scheduled instant (ISO, UTC)', example: '2026-02-02T05:00:00.000Z' },
      { path: 'event.scheduledDate', type: 'date', label: 'Scheduled date (local)', example: '2026-02-02' },
      { path: 'event.period', type: 'string', label: 'Period (YYYY-MM)', example: '2026-02' },
      { path: 'event.timeZone', type: 'string', label: 'Time zone', example: scheduleDefaultTimeZone },
      { path: 'event.catchUp', type: 'boolean', label: 'Run late as catch-up', example: false },
    ],
    example: {
      scheduledAt: '2026-02-02T05:00:00.000Z', scheduledDate: '2026-02-02', period: '2026-02',
      timeZone: scheduleDefaultTimeZone, catchUp: false,
    },
  },
  expressions: () => [],
});
