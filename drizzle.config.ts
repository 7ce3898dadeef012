import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  // the kernel's tables, and each domain's (runtime/domains/<domain>/schema.ts; runtime/db/schema.ts re-exports them)
  schema: ['./runtime/db/schema.ts', './runtime/domains/*/schema.ts'],
  out: './runtime/db/migrations',
  dbCredentials: { url: process.env.LIBSQL_URL ?? 'file:data/kontera.db' },
});
