import { type EnvSpec, InvalidEnvironmentError, loadEnv } from '@platform/service-kit';
import { envExampleVariables } from './env-example';

const problemsOf = (spec: EnvSpec, env: NodeJS.ProcessEnv): string[] => {
  try {
    loadEnv(spec, env);
    return [];
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
};

/** The rules every service's configuration follows; each app's config spec runs these. */
export function describeServiceConfig(service: string, spec: EnvSpec): void {
  describe(`${service} configuration (common rules)`, () => {
    const required = {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/trading',
      REDIS_URL: 'redis://127.0.0.1:6379',
    };

    it('starts from DATABASE_URL and REDIS_URL alone, with local defaults for the rest', () => {
      expect(problemsOf(spec, required)).toEqual([]);
    });

    it('requires DATABASE_URL and REDIS_URL, naming both', () => {
      expect(problemsOf(spec, {}).map((problem) => problem.split(' ')[0])).toEqual(['DATABASE_URL', 'REDIS_URL']);
    });

    it('documents every variable in .env.example', () => {
      const documented = envExampleVariables();
      expect(Object.keys(spec).filter((name) => !documented.has(name))).toEqual([]);
    });
  });
}
