import { assertCorporaPresent } from './corpora.ts';

/** Fails the whole conformance run, loudly, when the corpora are missing. */
export default function setup(): void {
  assertCorporaPresent();
}
