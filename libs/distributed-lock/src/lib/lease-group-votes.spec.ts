import { countClaim, countRenewal, type RenewalAnswer } from './lease-group-votes';

const renewed = (...notMine: number[]): RenewalAnswer => ({
  kind: 'renewed',
  notMine: new Set(notMine),
});
const gone: RenewalAnswer = { kind: 'session-gone' };
const silent: RenewalAnswer = { kind: 'no-answer' };

describe('countRenewal', () => {
  it('one master: its word decides for the session and each member', () => {
    expect(countRenewal([renewed(1)], 3)).toEqual({
      session: 'renewed',
      renewed: [0, 2],
      lost: [1],
    });
    expect(countRenewal([gone], 2)).toEqual({ session: 'lost', renewed: [], lost: [0, 1] });
    expect(countRenewal([silent], 2)).toEqual({ session: 'undecided', renewed: [], lost: [] });
  });

  it('three masters: a member is renewed where two both extended the session and still name it', () => {
    // master 0 lost member 0, master 1 lost the session, master 2 is fine
    expect(countRenewal([renewed(0), gone, renewed()], 2)).toEqual({
      session: 'renewed',
      renewed: [1],
      lost: [0],
    });
  });

  it('three masters: too few answers leave everything undecided (kept until its deadline)', () => {
    expect(countRenewal([renewed(), silent, silent], 1)).toEqual({
      session: 'undecided',
      renewed: [],
      lost: [],
    });
    expect(countRenewal([renewed(0), silent, gone], 1)).toEqual({
      session: 'undecided',
      renewed: [],
      lost: [0],
    });
  });
});

describe('countClaim', () => {
  it('needs a quorum of yes; a quorum of gone sessions says the session is lost', () => {
    expect(countClaim([1])).toBe('claimed');
    expect(countClaim([0])).toBe('refused');
    expect(countClaim([-1])).toBe('session-lost');
    expect(countClaim([1, 1, 0])).toBe('claimed');
    expect(countClaim([1, 'no-answer', 0])).toBe('refused');
    expect(countClaim([-1, -1, 1])).toBe('session-lost');
  });
});
