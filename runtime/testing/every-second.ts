/**
 * For the multi-process schedule tests: an automation that posts a voucher
 * every second (the voucher text names the occurrence), published on a
 * running server, and the check that each second in the window ran once.
 */
import { expect } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
import type { ServerProcess } from './server-process.ts';

/**
 * Publishes "every second" as `automationId`: the bootstrap token saves it and a person
 * publishes it (four-eyes stays on; a token no person created is never the second pair of eyes).
 */
export async function publishEverySecond(server: Pick<ServerProcess, 'api' | 'url'>, automationId: string): Promise<void> {
  const automation = {
    id: automationId, name: 'Every second', nodes: [
      { id: 't', type: 'schedule', config: { mode: 'cron', cron: '* * * * * *', catchUp: 'each' } },
      { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Tick {{event.scheduledAt}}', date: { var: 'event.scheduledDate' }, lines: [
        { account: '6570', side: 'debit', amount: 1 }, { account: '1930', side: 'credit', amount: 1 },
      ] } },
    ], edges: [{ id: 'e1', source: 't', target: 'p' }],
  };
  expect((await server.api(`/api/companies/demo/automations/${automationId}`, { method: 'PUT', body: JSON.stringify(automation) })).status).toBe(200);
  const reviewer = { email: `${automationId}-reviewer@demo.kontera.local`, password: 'the reviewer has a long password' };
  expect((await server.api('/api/companies/demo/members', { method: 'POST', body: JSON.stringify({ ...reviewer, name: 'Reviewer', role: 'publisher' }) })).status).toBe(200);
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reviewer) });
  expect(signIn.status).toBe(200);
  const { csrfToken } = await signIn.json() as { csrfToken: string };
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const published = await fetch(`${server.url}/api/companies/demo/automations/${automationId}/publish`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
  expect(published.status, await published.clone().text()).toBe(200);
}

/** The occurrences (epoch ms) the automation's vouchers stand for, in order. */
export async function ticksOf(server: Pick<ServerProcess, 'api'>, automationId: string): Promise<number[]> {
  const vouchers = ((await (await server.api('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[]).filter((v) => v.automationId === automationId);
  return vouchers.map((v) => Date.parse(v.text.replace('Tick ', ''))).sort((a, b) => a - b);
}

/** No occurrence twice; inside the window (its first two seconds and last one left out), none missed. */
export function expectEachSecondOnce(ticks: number[], startedMs: number, seconds: number): void {
  expect(new Set(ticks).size).toBe(ticks.length); // no double
  const inWindow = ticks.filter((t) => t >= startedMs + 2000 && t <= startedMs + (seconds - 1) * 1000);
  for (let i = 1; i < inWindow.length; i++) expect(inWindow[i] - inWindow[i - 1]).toBe(1000); // no miss
  expect(inWindow.length).toBeGreaterThanOrEqual(seconds - 4);
}
