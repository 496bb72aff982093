import { spawnSync } from 'node:child_process';
import { workspaceRoot } from '@platform/testing';

// The boundaries in eslint.config.mjs, checked against code that breaks them: a rule that
// silently stopped firing would otherwise go unnoticed.
const cases = {
  appImportsApp: [
    'apps/api-gateway/src/x.ts',
    "import { AppModule } from '../../bot-worker/src/app/app.module';",
  ],
  ccxtOutsideExchange: ['libs/persistence/src/x.ts', "import ccxt from 'ccxt';"],
  typeormInOtherLib: ['libs/service-kit/src/x.ts', "import { DataSource } from 'typeorm';"],
  typeormInAppFeature: [
    'apps/bot-worker/src/supervisor/x.ts',
    "import { DataSource } from 'typeorm';",
  ],
  typeormInAppModule: [
    'apps/bot-worker/src/app/x.module.ts',
    "import { DataSource } from 'typeorm';",
  ],
  pureLibImportsInfra: [
    'libs/contracts/src/x.ts',
    "import { LeaseManager } from '@platform/distributed-lock';",
  ],
  pureLibImportsRedis: ['libs/contracts/src/x.ts', "import Redis from 'ioredis';"],
  testingInShippedCode: [
    'apps/market-data/src/x.ts',
    "import { waitFor } from '@platform/testing';",
  ],
  testingInShippedInfraLib: [
    'libs/distributed-lock/src/x.ts',
    "import { waitFor } from '@platform/testing';",
  ],
  testingInInfraSpec: [
    'libs/distributed-lock/src/x.integration-spec.ts',
    "import { waitFor } from '@platform/testing';",
  ],
  testingInTestSupport: [
    'apps/api-gateway/src/test-support/x.ts',
    "import { ApiClient } from '@platform/testing';",
  ],
  simulatorInShippedApp: [
    'apps/market-data/src/x.ts',
    "import { ExchangeSimulator } from '@platform/exchange-sim';",
  ],
  simulatorInShippedInfraLib: [
    'libs/exchange/src/x.ts',
    "import { ExchangeSimulator } from '@platform/exchange-sim';",
  ],
  simulatorInInfraSpec: [
    'libs/exchange/src/x.integration-spec.ts',
    "import { ExchangeSimulator } from '@platform/exchange-sim';",
  ],
} as const;

type Case = keyof typeof cases;
let found: Record<Case, string[]>;

beforeAll(() => {
  const input = Object.values(cases).map(([filePath, line]) => ({
    filePath,
    code: `${line}\nexport const used = [${line.match(/import \{? ?(\w+)/)?.[1]}];\n`,
  }));
  const result = spawnSync(process.execPath, ['tools/lint/lint-snippets.mjs'], {
    cwd: workspaceRoot(),
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const messages: string[][] = JSON.parse(result.stdout);
  found = Object.fromEntries(Object.keys(cases).map((name, i) => [name, messages[i]])) as Record<
    Case,
    string[]
  >;
}, 60000);

describe('module boundaries', () => {
  it('an app may not import another app', () => {
    expect(found.appImportsApp).toEqual([expect.stringContaining('@nx/enforce-module-boundaries')]);
  });

  it('ccxt stays inside libs/exchange', () => {
    expect(found.ccxtOutsideExchange).toEqual([
      expect.stringMatching(/enforce-module-boundaries.*ccxt/),
    ]);
  });

  it('typeorm stays inside libs/persistence, out of the apps composition roots too', () => {
    expect(found.typeormInOtherLib).toEqual([
      expect.stringMatching(/enforce-module-boundaries.*typeorm/),
    ]);
    expect(found.typeormInAppFeature).toEqual([
      expect.stringMatching(/no-restricted-imports.*@platform\/persistence/),
    ]);
    expect(found.typeormInAppModule).toEqual([
      expect.stringMatching(/no-restricted-imports.*@platform\/persistence/),
    ]);
  });

  it('pure libs do not depend on infrastructure libs', () => {
    expect(found.pureLibImportsInfra).toEqual([
      expect.stringContaining('@nx/enforce-module-boundaries'),
    ]);
  });

  it('test helpers stay out of shipped code', () => {
    expect(found.testingInShippedCode).toEqual([
      expect.stringMatching(/no-restricted-imports.*Only tests/),
    ]);
    // an infra lib is refused twice: by its import path and by the Nx tags (scope:testing)
    expect(found.testingInShippedInfraLib).toHaveLength(2);
    expect(found.testingInShippedInfraLib).toEqual(
      expect.arrayContaining([
        expect.stringContaining('@nx/enforce-module-boundaries'),
        expect.stringMatching(/no-restricted-imports.*Only tests/),
      ]),
    );
    expect(found.testingInInfraSpec).toEqual([]);
    expect(found.testingInTestSupport).toEqual([]);
  });

  it('the exchange simulator (a test double) stays out of shipped code', () => {
    expect(found.simulatorInShippedApp).toEqual([
      expect.stringMatching(/no-restricted-imports.*Only tests may use @platform\/exchange-sim/),
    ]);
    expect(found.simulatorInShippedInfraLib).toHaveLength(2);
    expect(found.simulatorInShippedInfraLib).toEqual(
      expect.arrayContaining([
        expect.stringContaining('@nx/enforce-module-boundaries'),
        expect.stringMatching(/no-restricted-imports.*Only tests may use @platform\/exchange-sim/),
      ]),
    );
    expect(found.simulatorInInfraSpec).toEqual([]);
  });
});
