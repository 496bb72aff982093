import { gridLevels } from './grid-levels';

describe('gridLevels', () => {
  it('spaces the levels evenly, both ends included', () => {
    // (200 - 100) / (5 - 1) = 25 apart
    expect(gridLevels(100, 200, 5)).toEqual([100, 125, 150, 175, 200]);
    expect(gridLevels(100, 200, 2)).toEqual([100, 200]);
  });

  it('ends exactly on the upper price despite rounding', () => {
    // step (0.3 - 0.1) / 3 = 0.0667, and 0.1 + 3 * step would be 0.30000000000000004
    const levels = gridLevels(0.1, 0.3, 4);
    expect(levels).toHaveLength(4);
    expect(levels[3]).toBe(0.3);
    expect(levels[1]).toBeCloseTo(0.1 + 0.2 / 3, 12);
    expect(levels[2]).toBeCloseTo(0.1 + 0.4 / 3, 12);
  });
});
