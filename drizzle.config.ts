import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './runtime/db/schema.ts',
  out: './runtime/db/migrations',
  dbCredentials: { url: process.env.LIBSQL_URL ?? 'file:data/kontera.db' },
});
