import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One runner for the whole repo. Projects keep the domain's pure unit tests apart from the
// server's API tests, which build the app on a real database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    // Vitest's default leaves one core free: on the 2-core CI machine that is one worker. The API tests' files are
    // independent (each on a database of its own), so every core works, and one more on PostgreSQL, whose tests
    // wait on the server's process (session 17: 8 files on PGlite 76 → 59 s with 2; on PostgreSQL 57 → 39 s with 3).
    maxWorkers: Math.max(2, availableParallelism()) + (process.env.TEST_DATABASE_URL ? 1 : 0),
    projects: [
      {
        test: {
          name: 'domain',
          root: './packages/domain',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          root: './apps/server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One migrated and seeded PGlite database for the run, each file starting from a copy of it.
          globalSetup: ['./src/test/global-setup.ts'],
        },
      },
      // Two server processes on one PostgreSQL, Redis and S3 store (issue 23): only by `npm run test:multinode`,
      // which makes sure those are there; never in the plain runs.
      ...(process.env.AUSM_MULTINODE === '1'
        ? [
            {
              test: {
                name: 'multinode',
                root: './apps/server',
                include: ['src/**/*.multinode.ts'],
                environment: 'node',
                testTimeout: 60_000,
                hookTimeout: 90_000,
              },
            },
          ]
        : []),
      {
        // The bench's own tools (its figures come from `npm run bench`, not from a test).
        test: {
          name: 'bench',
          root: './bench',
          include: ['*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
