// How a LeaseGroup counts the answers of several independent Redis masters (quorum = majority),
// kept pure so the rules can be tested without Redis.

/** One master's answer to a renewal. */
export type RenewalAnswer =
  | { kind: 'renewed'; notMine: ReadonlySet<number> }
  | { kind: 'session-gone' }
  | { kind: 'no-answer' };

export interface RenewalVerdict {
  /** renewed: on a quorum; lost: gone on a quorum; undecided: too few answers either way. */
  session: 'renewed' | 'lost' | 'undecided';
  /** Members (indexes) confirmed ours on a quorum of masters. */
  renewed: number[];
  /** Members a quorum of masters says are not ours (taken over, or their key vanished). */
  lost: number[];
}

export const quorumOf = (masters: number) => Math.floor(masters / 2) + 1;

export function countRenewal(answers: RenewalAnswer[], members: number): RenewalVerdict {
  const quorum = quorumOf(answers.length);
  const count = (test: (a: RenewalAnswer) => boolean) => answers.filter(test).length;
  const gone = count((a) => a.kind === 'session-gone');
  const alive = count((a) => a.kind === 'renewed');
  const verdict: RenewalVerdict = {
    session: alive >= quorum ? 'renewed' : gone >= quorum ? 'lost' : 'undecided',
    renewed: [],
    lost: [],
  };
  for (let i = 0; i < members; i++) {
    let yes = 0;
    let no = gone;
    for (const a of answers) {
      if (a.kind !== 'renewed') continue;
      if (a.notMine.has(i)) no++;
      else yes++;
    }
    if (yes >= quorum) verdict.renewed.push(i);
    else if (no >= quorum) verdict.lost.push(i);
  }
  return verdict;
}

/** One master's answer to a claim: 1 mine, 0 held by a live session, -1 my session is gone. */
export type ClaimAnswer = 1 | 0 | -1 | 'no-answer';

export function countClaim(answers: ClaimAnswer[]): 'claimed' | 'refused' | 'session-lost' {
  const quorum = quorumOf(answers.length);
  if (answers.filter((a) => a === 1).length >= quorum) return 'claimed';
  if (answers.filter((a) => a === -1).length >= quorum) return 'session-lost';
  return 'refused';
}
