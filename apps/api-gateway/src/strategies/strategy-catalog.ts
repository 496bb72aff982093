import type { StrategyView } from '@platform/api-schemas';
import { candlesNeededBy, getStrategy, strategyNames } from '@platform/strategies';
import { jsonSchema } from '../docs/json-schema';

/**
 * Every strategy of the registry as a client builds a form from it: the params' JSON Schema on
 * the input side (so defaults show) and the candle history its defaults need.
 */
export function strategyCatalog(): StrategyView[] {
  return strategyNames.map((name) => {
    const definition = getStrategy(name);
    if (!definition) throw new Error(`strategy ${name} is named but not registered`);
    const defaultsAreValid = definition.schema.safeParse({}).success;
    return {
      name,
      description: definition.description,
      paramsSchema: jsonSchema(definition.schema, 'input'),
      candlesNeeded: defaultsAreValid ? candlesNeededBy(name, {}) : null,
    };
  });
}
