import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the Drizzle tables (`npm run db:generate`) and checked in;
// the same SQL runs on PGlite and on PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
