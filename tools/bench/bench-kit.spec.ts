import { FlagError, readFlags, usageLine } from './bench-kit';

const defaults = { bots: 10_000, seconds: 60, killAt: 7, counts: [1000, 5000] };

describe('bench flags', () => {
  it('takes the defaults for the flags not given', () => {
    expect(readFlags(defaults, [])).toEqual(defaults);
  });

  it('reads whole numbers, lists, and camelCase keys as --kebab-case flags', () => {
    expect(readFlags(defaults, ['--bots', '50', '--kill-at', '0', '--counts', '10,20,30'])).toEqual(
      { bots: 50, seconds: 60, killAt: 0, counts: [10, 20, 30] },
    );
  });

  it.each([
    [['--bots', 'many'], '--bots many: not a whole number >= 0'],
    [['--bots', '-5'], '--bots -5: not a whole number >= 0'],
    [['--bots', '2.5'], '--bots 2.5: not a whole number >= 0'],
    [['--bots'], '--bots needs a value'],
    [['--bots', '--seconds', '5'], '--bots needs a value'],
    [['--counts', '10,,20'], '--counts 10,,20: not a comma-separated list of whole numbers >= 0'],
    [['--bot', '50'], 'unknown flag --bot'],
    [['50'], "unexpected argument '50'"],
    [['--bots', '1', '--bots', '2'], '--bots is given twice'],
  ])('refuses %j: %s', (argv, message) => {
    const reading = () => readFlags(defaults, argv);
    expect(reading).toThrow(FlagError);
    expect(reading).toThrow(new Error(message));
  });

  it('writes the usage line from the defaults', () => {
    expect(usageLine('npm run bench:x --', defaults)).toBe(
      'npm run bench:x -- [--bots 10000] [--seconds 60] [--kill-at 7] [--counts 1000,5000]',
    );
  });
});
