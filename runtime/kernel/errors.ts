/** The inbox item cannot change that way (already resolved, already booked): 409 with the reason. */
export class ExceptionConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExceptionConflict';
  }
}
