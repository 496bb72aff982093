import { z } from 'zod';
import { NO_CONTROL_CHARACTERS, text } from './text';

const issues = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('text()', () => {
  const name = text({ max: 10 });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a NUL alone', '\u0000'],
    ['BEL', 'a\u0007b'],
    ['ESC', '\u001b[0;31mred'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['the last C1 control', 'a\u009fb'],
    ['a tab inside', 'a\tb'],
    ['a line break inside', 'a\r\nb'],
  ])('refuses %s with one message, before any length check', (_what, value) => {
    expect(issues(name, value)).toEqual([NO_CONTROL_CHARACTERS]);
    expect(issues(text({ max: 1 }), `${value}${'x'.repeat(20)}`)).toEqual([NO_CONTROL_CHARACTERS]);
  });

  it('trims surrounding whitespace (line breaks included) before it checks', () => {
    expect(name.parse('  \t bot one \n')).toBe('bot one');
  });

  it('keeps printable Unicode: accents, right-to-left, emoji, zero-width joiners', () => {
    for (const value of ['Ünïcödé', 'بوت', '\u202eabc', '👩‍💻', 'a\u200bb', '\u00a0x'])
      expect(name.parse(value)).toBe(value.trim());
  });

  it('checks the length after trimming, with messages people read', () => {
    expect(issues(name, '   ')).toEqual(['is required']);
    expect(issues(name, 'x'.repeat(11))).toEqual(['must have at most 10 characters']);
    expect(issues(text({ min: 3, max: 10 }), 'ab')).toEqual(['must have at least 3 characters']);
    expect(issues(text({ min: 0, max: 10 }), '')).toEqual([]);
  });

  it('lets callers chain their own checks after the rule', () => {
    const email = text({ min: 0, max: 254 }).toLowerCase().check(z.email('must be an email'));
    expect(email.parse(' Ann@Example.COM ')).toBe('ann@example.com');
    expect(issues(email, 'ann\u0000@example.com')).toEqual([NO_CONTROL_CHARACTERS]);
    expect(issues(email, 'nope')).toEqual(['must be an email']);
  });
});
