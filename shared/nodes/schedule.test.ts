import { describe, expect, it } from 'vitest';
import { cronPatternIssue, schedule, scheduleConfigSchema, timeZoneIssue } from './schedule.ts';

const issuesOf = (input: unknown) => {
  const result = scheduleConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
};

describe('schedule descriptor', () => {
  it('fills every default', () => {
    expect(scheduleConfigSchema.parse({})).toEqual({
      mode: 'cron', cron: '0 6 * * 1-5', fiscal: 'first_working_day_of_period', time: '06:00', catchUp: 'once', catchUpMax: 10,
    });
    expect(scheduleConfigSchema.parse({})).toEqual(schedule.defaultConfig);
    expect(schedule.configSchema.parse(schedule.defaultConfig)).toEqual(schedule.defaultConfig);
  });

  it('is a trigger with one required output', () => {
    expect(schedule).toMatchObject({ type: 'schedule', version: 1, kind: 'trigger', category: 'Triggers', label: 'Schedule' });
    expect(schedule.outputs).toEqual([{ id: 'out', label: 'then', optional: false }]);
    expect(schedule.expressions(schedule.defaultConfig)).toEqual([]);
  });

  it('accepts 5- and 6-field cron patterns and rejects others with a message on `cron`', () => {
    expect(issuesOf({ cron: '*/15 * * * *' })).toEqual([]);
    expect(issuesOf({ cron: '0 0 6 * * 1-5' })).toEqual([]);
    expect(issuesOf({ cron: '61 * * * *' })).toEqual([{ path: 'cron', message: 'not a valid cron pattern (Invalid value for minute: 61)' }]);
    expect(issuesOf({ cron: '0 0 6 * * 1-5 2026' })[0]?.path).toBe('cron');
    expect(issuesOf({ cron: '0 0 30 2 *' })).toEqual([{ path: 'cron', message: 'the pattern never matches a date (e.g. 30 February)' }]);
    expect(cronPatternIssue('  ')).toMatch(/^enter a cron pattern/);
  });

  it('ignores the cron pattern in fiscal mode', () => {
    expect(issuesOf({ mode: 'fiscal', cron: 'not used' })).toEqual([]);
  });

  it('checks time, time zone, enums and unknown keys', () => {
    expect(issuesOf({ time: '6:00' })[0]?.path).toBe('time');
    expect(issuesOf({ time: '24:00' })[0]?.path).toBe('time');
    expect(issuesOf({ timeZone: 'America/New_York' })).toEqual([]);
    expect(issuesOf({ timeZone: 'Mars/Base' })).toEqual([{ path: 'timeZone', message: timeZoneIssue('Mars/Base') }]);
    expect(issuesOf({ fiscal: 'mid_period' })[0]?.path).toBe('fiscal');
    expect(issuesOf({ catchUp: 'always' })[0]?.path).toBe('catchUp');
    expect(issuesOf({ interval: 5 })).toHaveLength(1);
  });

  it('bounds catchUpMax to 1–100 and accepts the text widget\'s string', () => {
    expect(scheduleConfigSchema.parse({ catchUpMax: '25' }).catchUpMax).toBe(25);
    expect(scheduleConfigSchema.parse({ catchUpMax: 100 }).catchUpMax).toBe(100);
    expect(issuesOf({ catchUpMax: 0 })[0]?.path).toBe('catchUpMax');
    expect(issuesOf({ catchUpMax: 101 })[0]?.path).toBe('catchUpMax');
    expect(issuesOf({ catchUpMax: 2.5 })[0]?.path).toBe('catchUpMax');
    expect(issuesOf({ catchUpMax: 'ten' })[0]?.path).toBe('catchUpMax');
  });

  it('has a form field for each setting, each naming a config key', () => {
    const keys = Object.keys(scheduleConfigSchema.parse({}));
    expect(schedule.form.map((field) => field.key)).toEqual(['mode', 'cron', 'fiscal', 'time', 'catchUp', 'catchUpMax']);
    for (const field of schedule.form) expect(keys).toContain(field.key);
    for (const field of schedule.form.filter((f) => f.widget === 'select')) {
      const values = field.options!.map((o) => o.value);
      for (const value of values) expect(issuesOf({ [field.key]: value })).toEqual([]);
    }
    expect(schedule.form.find((f) => f.key === 'cron')?.help).toContain('"0 6 * * 1-5" = weekdays at 06:00');
  });

  it('declares an event whose example passes its schema and whose fields match the example', () => {
    const event = schedule.event!;
    expect(event.schema.parse(event.example)).toEqual(event.example);
    expect(event.fields.map((f) => f.path)).toEqual(Object.keys(event.example).map((key) => `event.${key}`));
    for (const field of event.fields) expect(event.example[field.path.slice('event.'.length)]).toEqual(field.example);
    expect(event.schema.safeParse({ ...event.example, period: '2026-13' }).success).toBe(false);
  });
});
