/**
 * Segregation of duties is about people, not credentials: the person behind
 * an actor string ("user:<id>" is that user; "token:<id>" is the user who
 * created the token, fixed when it was created). Anything else — "system:…",
 * "cli:…", a token no person created (the bootstrap token, older tokens whose
 * creator is unknown) — has no person and is never the second pair of eyes.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens } from '../db/schema.ts';

/** Each actor's person (a user id), or null when no person stands behind it. */
export async function peopleOf(db: Pick<Db, 'select'>, actors: Iterable<string | null | undefined>): Promise<Map<string, string | null>> {
  const people = new Map<string, string | null>();
  const tokenIds: string[] = [];
  for (const actor of actors) {
    if (!actor || people.has(actor)) continue;
    if (actor.startsWith('user:') && actor.length > 5) people.set(actor, actor.slice(5));
    else {
      people.set(actor, null);
      if (actor.startsWith('token:')) tokenIds.push(actor.slice(6));
    }
  }
  if (tokenIds.length) {
    const rows = await db.select({ id: apiTokens.id, person: apiTokens.createdByUserId }).from(apiTokens).where(inArray(apiTokens.id, tokenIds));
    for (const row of rows) people.set(`token:${row.id}`, row.person);
  }
  return people;
}

export async function personOf(db: Pick<Db, 'select'>, actor: string): Promise<string | null> {
  return (await peopleOf(db, [actor])).get(actor) ?? null;
}

/** Why a credential without a person cannot approve: said the same way everywhere. */
export const noPersonReason = 'this API token was not created by a person (the bootstrap token, server code or the CLI, or a token older than this rule), '
  + 'so it cannot be the second pair of eyes';
