import { env } from './env-spec';
import { loadHarnessSwitches } from './test-harness';

describe('loadHarnessSwitches', () => {
  const spec = {
    UNSAFE_DISABLE_FENCING: env.bool({ description: 'chaos baseline', default: false }),
    CRASH_AT: env.oneOf(['', 'after-intent'] as const, { description: 'crash', default: '' }),
  };

  it('in a process the harness started, reads the switches', () => {
    const environment = { UNSAFE_DISABLE_FENCING: 'true', CRASH_AT: 'after-intent' };
    expect(loadHarnessSwitches(spec, environment, true)).toEqual({
      UNSAFE_DISABLE_FENCING: true,
      CRASH_AT: 'after-intent',
    });
  });

  it('anywhere else, refuses each switch set to other than its default, by name', () => {
    const environment = { UNSAFE_DISABLE_FENCING: 'true', CRASH_AT: 'after-intent' };
    expect(() => loadHarnessSwitches(spec, environment, false)).toThrow(
      /UNSAFE_DISABLE_FENCING is a test-harness switch[\s\S]*CRASH_AT is a test-harness switch/,
    );
  });

  it('anywhere else, accepts the defaults spelled out (an old .env) and unset switches', () => {
    expect(
      loadHarnessSwitches(spec, { UNSAFE_DISABLE_FENCING: 'false', CRASH_AT: '' }, false),
    ).toEqual({
      UNSAFE_DISABLE_FENCING: false,
      CRASH_AT: '',
    });
    expect(loadHarnessSwitches(spec, {}, false).UNSAFE_DISABLE_FENCING).toBe(false);
  });
});
