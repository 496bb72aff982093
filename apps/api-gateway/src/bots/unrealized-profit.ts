import { Dec } from '@platform/exchange';

/**
 * What selling the position at `last` would add to the realized profit: base * (price -
 * average entry). Null without a price (unknown), '0' without a position.
 */
export function unrealizedProfit(
  base: string,
  averageEntry: string | null,
  last: string | null,
): string | null {
  if (last === null) return null;
  if (averageEntry === null) return '0';
  return new Dec(base).mul(new Dec(last).minus(averageEntry)).toFixed();
}
