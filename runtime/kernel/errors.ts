import type { Message } from '../../shared/i18n/messages.ts';

/** The inbox item cannot change that way (already resolved, already booked): 409 with the reason (`text`: the same as a message, for another language). */
export class ExceptionConflict extends Error {
  constructor(message: string, readonly text?: Message) {
    super(message);
    this.name = 'ExceptionConflict';
  }
}

/**
 * A domain refused a request (a duplicate, an unknown account, a refused
 * file): `status` 409 or 422, a snake_case `error` code, the sentence, and
 * fields the answer carries beside them (e.g. `where` and `field`).
 */
export class DomainRefusal extends Error {
  constructor(readonly status: 409 | 413 | 415 | 422, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}, readonly text?: Message) {
    super(message);
    this.name = 'DomainRefusal';
  }
}
