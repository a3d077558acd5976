import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs every suite of the repository in one vitest run:
 * - blueprints: the generator's unit tests (options, rendering, manifest, ownership);
 * - generated-example: the generated service's own complete suite, as a team would run it;
 * - repository: end-to-end checks across packages (example drift, the example's build,
 *   `projen new` from a packed tarball).
 */
export default defineConfig({
  test: {
    projects: [
      'blueprints',
      'generated-example',
      {
        test: {
          name: 'repository',
          include: ['test/**/*.test.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
