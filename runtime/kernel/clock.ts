/**
 * The clock every runtime service takes as an argument (so a run can be
 * replayed in a test): the time, and new ids.
 */
import { uuidv7 } from '../db/ids.ts';

export interface LedgerClock {
  now(): Date;
  newId(): string;
}

/** Real time, and time-ordered ids (UUIDv7: new rows append to their B-trees). */
export const systemClock: LedgerClock = { now: () => new Date(), newId: () => uuidv7() };
