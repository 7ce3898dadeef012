/**
 * The clock every runtime service takes as an argument (so a run can be
 * replayed in a test): the time, and new ids.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { uuidv7 } from '../db/ids.ts';
import { companies } from '../db/schema.ts';
import { localDateOf } from '../timers/schedule.ts';

export interface LedgerClock {
  now(): Date;
  newId(): string;
}

/** Real time, and time-ordered ids (UUIDv7: new rows append to their B-trees). */
export const systemClock: LedgerClock = { now: () => new Date(), newId: () => uuidv7() };

/**
 * Today where the company is (its time zone, Europe/Stockholm by default): the date a person there
 * calls today — for defaults such as a reversal's date or a report's "as of". A server on UTC would
 * say yesterday between midnight and 01:00/02:00 Swedish time (at a month's end: the month before).
 */
export async function companyToday(db: Pick<Db, 'select'>, companyId: string, now: Date): Promise<string> {
  const [company] = await db.select({ timeZone: companies.timeZone }).from(companies).where(eq(companies.id, companyId));
  return companyDate(company?.timeZone, now);
}

/** `companyToday` for a company already read: the date at `now` in its time zone (Europe/Stockholm when it has none). */
export const companyDate = (timeZone: string | null | undefined, now: Date): string => localDateOf(now, timeZone ?? 'Europe/Stockholm');
