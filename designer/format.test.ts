import { describe, expect, it } from 'vitest';
import { describeActor, describeAuditAction, describeDetails, formatFireTime } from './format.ts';

describe('people-facing labels', () => {
  it('names who did something', () => {
    const names = new Map([['user:175eb30f-1e17-4988-aacc-9ad91338f225', 'Anna Andersson']]);
    expect(describeActor('user:175eb30f-1e17-4988-aacc-9ad91338f225', { names })).toBe('Anna Andersson');
    expect(describeActor('user:175eb30f-1e17-4988-aacc-9ad91338f225', { self: 'user:175eb30f-1e17-4988-aacc-9ad91338f225', names })).toBe('You');
    expect(describeActor('user:019ad1f2-e8fb-7d5b-a2a9-1111c0ffee42')).toBe('User c0ffee42'); // the random tail of a UUIDv7
    expect(describeActor('token:a9d3780d-ce49-45c3-b2a4-ea2f4e723282')).toBe('API token 4e723282');
    expect(describeActor('system:bootstrap')).toBe('System (bootstrap)');
    expect(describeActor('user:seed')).toBe('Demo data');
    expect(describeActor('something')).toBe('something');
  });
  it('describes audit actions and details', () => {
    expect(describeAuditAction('period.unlock')).toBe('Period unlocked');
    expect(describeAuditAction('new.thing')).toBe('new.thing');
    expect(describeDetails({ reason: 'Late invoice', permissions: ['read', 'admin'] })).toBe('reason: Late invoice · permissions: read, admin');
    expect(describeDetails({})).toBe('');
    expect(describeDetails(null)).toBe('');
  });
});

describe('formatFireTime', () => {
  it('shows the instant in the schedule time zone, DST included', () => {
    expect(formatFireTime('2026-11-30T05:00:00.000Z', 'Europe/Stockholm')).toBe('mån 2026-11-30 06:00');
    expect(formatFireTime('2027-04-01T04:00:00.000Z', 'Europe/Stockholm')).toBe('tors 2027-04-01 06:00');
    expect(formatFireTime('2026-11-30T05:00:00.000Z', 'UTC')).toBe('mån 2026-11-30 05:00');
  });
});
