/** For tests of statement imports: what is stored of the demo company's statements, to show a refused file stored nothing. */
import type { TestApp } from '../../http/test-app.ts';

export async function storedCounts(testApp: TestApp): Promise<{ lines: number; events: number; originals: number; statements: number }> {
  const count = async (sql: string) => Number((await testApp.database.client.execute({ sql, args: [] })).rows[0].n);
  return {
    lines: await count("SELECT count(*) AS n FROM bank_lines WHERE company_id = 'demo'"),
    events: await count("SELECT count(*) AS n FROM events WHERE company_id = 'demo' AND trigger_type = 'bank-line-imported'"),
    originals: await count("SELECT count(*) AS n FROM originals WHERE company_id = 'demo'"),
    statements: await count("SELECT count(*) AS n FROM bank_statements WHERE company_id = 'demo'"),
  };
}
