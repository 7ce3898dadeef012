/**
 * A separate process that posts N vouchers, one transaction each, into the
 * database at LIBSQL_URL. Used by the concurrency test: two of these at once
 * must leave gap-free, unique numbers.
 */
import { openDatabase } from '../../db/client.ts';
import { Ledger } from '../ledger.ts';

const count = Number(process.argv[2] ?? 100);
const tag = process.argv[3] ?? 'p';
const startAtMs = Number(process.argv[4] ?? 0);
const database = await openDatabase();
// Start together with the other process, so that their transactions really interleave.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAtMs - Date.now())));
const ledger = new Ledger(database.db);
const year = new Date().getUTCFullYear();
for (let i = 0; i < count; i++) {
  await ledger.post('demo', [{
    date: `${year}-06-15`, series: 'A', text: `${tag} ${i}`, registeredBy: `user:${tag}`,
    lines: [{ account: '6110', debitMinor: 100 + i }, { account: '1930', creditMinor: 100 + i }],
  }]);
}
database.close();
console.log(`${tag}: posted ${count}`);
