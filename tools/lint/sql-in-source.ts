// Finds SQL in source text: what apps must leave to libs/persistence. Keywords are matched in
// capitals, as this repository writes SQL, so prose in comments ("select the bots from ...")
// is not mistaken for it.

export interface SqlFinding {
  /** 1-based line where the match starts. */
  line: number;
  /** Which kind of SQL was seen. */
  kind: string;
}

const STATEMENT = String.raw`SELECT|INSERT|UPDATE|DELETE|WITH|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|TRUNCATE|ALTER|CREATE|DROP`;

const SQL_PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'SELECT ... FROM', pattern: /\bSELECT\s[^;]{0,500}?\bFROM\s/g },
  { kind: 'INSERT INTO', pattern: /\bINSERT\s+INTO\s+\w/g },
  { kind: 'UPDATE ... SET', pattern: /\bUPDATE\s+\w+(?:\s+\w+)?\s+SET\s/g },
  { kind: 'DELETE FROM', pattern: /\bDELETE\s+FROM\s+\w/g },
  { kind: 'WITH ... AS (', pattern: /\bWITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\(/g },
  { kind: 'JOIN ... ON', pattern: /\bJOIN\s+\w+(?:\s+\w+)?\s+ON\s/g },
  // a string that opens with a statement: `SELECT 1`, `SAVEPOINT x` (no FROM, no SET)
  { kind: 'a string of SQL', pattern: new RegExp(String.raw`[\`'"]\s*(?:${STATEMENT})\s`, 'g') },
  // a query call given its text or its row type; a URL's `query(...)` takes neither
  { kind: '.query( with SQL text', pattern: /\.query\s*(?:<[^>()]*>\s*)?\(\s*[`'"]/g },
  { kind: '.query<Row>( call', pattern: /\.query\s*<[^>()]*>\s*\(/g },
];

/** Each line of `text` that holds SQL, once, with the first kind seen there. */
export function findSql(text: string): SqlFinding[] {
  const byLine = new Map<number, SqlFinding>();
  for (const { kind, pattern } of SQL_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const line = text.slice(0, match.index).split('\n').length;
      if (!byLine.has(line)) byLine.set(line, { line, kind });
    }
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}
