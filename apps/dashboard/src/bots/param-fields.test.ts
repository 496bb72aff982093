import { describe, expect, it } from 'vitest';
import {
  defaultValues,
  labelOf,
  paramFields,
  paramsFrom,
  valuesFrom,
  type JsonSchema,
} from './param-fields';

const smaCross: JsonSchema = {
  type: 'object',
  properties: {
    fastPeriod: { default: 9, type: 'integer', minimum: 1, maximum: 999 },
    slowPeriod: { default: 21, type: 'integer', minimum: 1, maximum: 999 },
    risk: {
      default: {},
      type: 'object',
      properties: {
        stakeQuote: { default: 100, type: 'number', exclusiveMinimum: 0 },
        stopLossPct: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
      },
    },
  },
};

describe('param fields from a strategy schema', () => {
  const fields = paramFields(smaCross);

  it('has one field per leaf, nested ones grouped, with defaults and ranges', () => {
    expect(fields.map((f) => f.path)).toEqual([
      'fastPeriod',
      'slowPeriod',
      'risk.stakeQuote',
      'risk.stopLossPct',
    ]);
    expect(fields[2]).toMatchObject({
      group: 'Risk',
      label: 'Stake quote (risk)',
      defaultValue: '100',
      type: 'number',
    });
    expect(fields[0].hint).toBe('≥ 1, ≤ 999 · optional');
    expect(labelOf('stopLossPct')).toBe('Stop loss %');
  });

  it('turns typed texts into params, leaving empty optional fields out', () => {
    const values = { ...defaultValues(fields), 'risk.stopLossPct': '' };
    expect(paramsFrom(fields, values)).toEqual({
      fastPeriod: 9,
      slowPeriod: 21,
      risk: { stakeQuote: 100 },
    });
  });

  it('keeps a text that is not a number, so the shared schema names the field', () => {
    expect(paramsFrom(fields, { fastPeriod: 'nine' })).toEqual({ fastPeriod: 'nine' });
  });

  it('reads stored params back into the form', () => {
    expect(valuesFrom(fields, { fastPeriod: 5, risk: { stakeQuote: 50 } })).toEqual({
      fastPeriod: '5',
      slowPeriod: '',
      'risk.stakeQuote': '50',
      'risk.stopLossPct': '',
    });
  });
});
