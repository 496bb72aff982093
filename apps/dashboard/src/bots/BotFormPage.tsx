// Create, edit and clone a bot. The strategy's fields come from its published schema; the
// whole body is checked with the gateway's own schema before it is sent, and the server's
// field errors land at the same fields. The input survives an ended session (useDraft).
import { BOT_TIMEFRAMES, CreateBotBody, UpdateBotBody } from '@platform/api-schemas';
import { SUPPORTED_EXCHANGES } from '@platform/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../api/endpoints';
import { BacktestPanel } from '../backtests/BacktestPanel';
import type { Bot, Strategy } from '../api/types';
import { CheckboxField, SelectField, TextField } from '../ui/fields';
import { ErrorNotice, Loading } from '../ui/notices';
import { useDraft } from '../ui/use-draft';
import { useFieldErrors } from '../ui/validate';
import {
  type JsonSchema,
  type ParamField,
  defaultValues,
  paramFields,
  paramsFrom,
  valuesFrom,
} from './param-fields';

interface FormState {
  name: string;
  exchangeId: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  mode: 'paper' | 'live';
  exchangeAccountId: string;
  placementTag: string;
  cancelOrdersOnStop: boolean;
  allowSharedAccount: boolean;
  params: Record<string, string>;
}

const blank: FormState = {
  name: '',
  exchangeId: SUPPORTED_EXCHANGES[0],
  symbol: 'BTC/USDT',
  timeframe: '1m',
  strategy: '',
  mode: 'paper',
  exchangeAccountId: '',
  placementTag: '',
  cancelOrdersOnStop: true,
  allowSharedAccount: false,
  params: {},
};

const fieldsOf = (strategy: Strategy | undefined): ParamField[] =>
  strategy ? paramFields(strategy.paramsSchema as JsonSchema) : [];

function stateFrom(bot: Bot, strategy: Strategy | undefined, copy: boolean): FormState {
  return {
    name: copy ? `${bot.name} (copy)`.slice(0, 100) : bot.name,
    exchangeId: bot.exchangeId,
    symbol: bot.symbol,
    timeframe: bot.timeframe,
    strategy: bot.strategy,
    mode: bot.mode,
    exchangeAccountId: bot.exchangeAccountId ?? '',
    placementTag: bot.placementTag ?? '',
    cancelOrdersOnStop: bot.cancelOrdersOnStop,
    allowSharedAccount: bot.allowSharedAccount,
    params: valuesFrom(fieldsOf(strategy), bot.params),
  };
}

function bodyOf(form: FormState, fields: ParamField[]) {
  return {
    name: form.name,
    exchangeId: form.exchangeId,
    symbol: form.symbol,
    timeframe: form.timeframe,
    strategy: form.strategy,
    mode: form.mode,
    exchangeAccountId: form.exchangeAccountId || null,
    placementTag: form.placementTag || null,
    cancelOrdersOnStop: form.cancelOrdersOnStop,
    allowSharedAccount: form.allowSharedAccount,
    params: paramsFrom(fields, form.params),
  };
}

export function BotFormPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const sourceId = id ?? search.get('from');
  const strategies = useQuery({
    queryKey: ['strategies'],
    queryFn: api.strategies,
    staleTime: Infinity,
  });
  const source = useQuery({
    queryKey: ['bot', sourceId],
    queryFn: () => api.bot(sourceId as string),
    enabled: !!sourceId,
  });
  if (strategies.isPending || (sourceId && source.isPending)) return <Loading what="the form" />;
  if (strategies.isError) return <ErrorNotice error={strategies.error} />;
  if (source.isError) return <ErrorNotice error={source.error} />;
  return (
    <BotForm
      key={sourceId ?? 'new'}
      strategies={strategies.data.items}
      source={source.data}
      editing={!!id}
    />
  );
}

function BotForm({
  strategies,
  source,
  editing,
}: {
  strategies: Strategy[];
  source?: Bot;
  editing: boolean;
}) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const byName = useMemo(
    () => new Map<string, Strategy>(strategies.map((s) => [s.name, s])),
    [strategies],
  );
  const initial = useMemo<FormState>(() => {
    if (source) return stateFrom(source, byName.get(source.strategy), !editing);
    const first = strategies[0];
    return { ...blank, strategy: first?.name ?? '', params: defaultValues(fieldsOf(first)) };
  }, [source, byName, strategies, editing]);
  const [form, setForm, clearDraft] = useDraft<FormState>(
    `bot:${editing ? source?.id : (source?.id ?? 'new')}`,
    initial,
  );
  const checker = useFieldErrors();
  const errors = checker.errors;
  const strategy = byName.get(form.strategy);
  const fields = useMemo(() => fieldsOf(strategy), [strategy]);
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: api.accounts,
    enabled: form.mode === 'live',
  });
  const account = accounts.data?.items.find((a) => a.id === form.exchangeAccountId);

  const save = useMutation({
    mutationFn: (body: unknown) =>
      editing && source ? api.updateBot(source.id, body) : api.createBot(body),
    onSuccess: (bot) => {
      clearDraft();
      void queries.invalidateQueries({ queryKey: ['bots'] });
      void queries.invalidateQueries({ queryKey: ['bot', bot.id] });
      void queries.invalidateQueries({ queryKey: ['portfolio'] });
      navigate(`/bots/${bot.id}`);
    },
    onError: checker.fromServer,
  });

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const changeStrategy = (name: string) =>
    setForm((f) => ({ ...f, strategy: name, params: defaultValues(fieldsOf(byName.get(name))) }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const body = bodyOf(form, fields);
    if (editing && source) {
      // Only what changed: a running bot accepts a new name but refuses a new market.
      const before = bodyOf(initial, fields) as Record<string, unknown>;
      const changed = Object.fromEntries(
        Object.entries(body).filter(
          ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key]),
        ),
      );
      if (checker.check(UpdateBotBody, changed)) save.mutate(changed);
      return;
    }
    if (checker.check(CreateBotBody, body)) save.mutate(body);
  };

  const groups = [...new Set(fields.map((f) => f.group))];
  return (
    <section className="page">
      <h1>{editing ? `Edit ${source?.name}` : source ? `Clone ${source.name}` : 'New bot'}</h1>
      <div className="form-with-side">
        <form className="card form-grid" onSubmit={onSubmit} noValidate aria-label="Bot">
          <TextField
            label="Name"
            value={form.name}
            onChange={(e) => set('name', e.target.value)}
            error={errors.name}
            maxLength={100}
          />
          <SelectField
            label="Exchange"
            value={form.exchangeId}
            onChange={(e) => set('exchangeId', e.target.value)}
            error={errors.exchangeId}
            options={SUPPORTED_EXCHANGES.map((x) => ({ value: x, label: x }))}
          />
          <TextField
            label="Symbol"
            value={form.symbol}
            onChange={(e) => set('symbol', e.target.value.toUpperCase())}
            error={errors.symbol}
            hint="Like BTC/USDT"
          />
          <SelectField
            label="Timeframe"
            value={form.timeframe}
            onChange={(e) => set('timeframe', e.target.value)}
            error={errors.timeframe}
            options={BOT_TIMEFRAMES.map((x) => ({ value: x, label: x }))}
          />
          <SelectField
            label="Mode"
            value={form.mode}
            onChange={(e) => set('mode', e.target.value as FormState['mode'])}
            error={errors.mode}
            options={[
              { value: 'paper', label: 'Paper (simulated money)' },
              { value: 'live', label: 'Live (real orders)' },
            ]}
          />
          {form.mode === 'live' && (
            <SelectField
              label="Exchange account"
              value={form.exchangeAccountId}
              onChange={(e) => set('exchangeAccountId', e.target.value)}
              error={errors.exchangeAccountId}
              hint={
                account?.canWithdraw
                  ? 'Warning: this key may withdraw funds. Use a trade-only key.'
                  : undefined
              }
              options={[
                { value: '', label: 'Choose an account' },
                ...(accounts.data?.items ?? []).map((a) => ({
                  value: a.id,
                  label: `${a.label} (${a.exchangeId}, ${a.apiKeyMasked})`,
                })),
              ]}
            />
          )}
          <SelectField
            label="Strategy"
            value={form.strategy}
            onChange={(e) => changeStrategy(e.target.value)}
            error={errors.strategy}
            hint={strategy?.description}
            options={strategies.map((s) => ({ value: s.name, label: s.name }))}
          />
          {groups.map((group) => (
            <fieldset key={group ?? 'params'} className="param-group">
              <legend>{group ?? 'Parameters'}</legend>
              {fields
                .filter((f) => f.group === group)
                .map((field) => (
                  <TextField
                    key={field.path}
                    label={field.label}
                    inputMode={
                      field.type === 'integer'
                        ? 'numeric'
                        : field.type === 'number'
                          ? 'decimal'
                          : undefined
                    }
                    value={form.params[field.path] ?? ''}
                    onChange={(e) =>
                      set('params', { ...form.params, [field.path]: e.target.value })
                    }
                    error={errors[`params.${field.path}`]}
                    hint={field.hint}
                    required={field.required}
                  />
                ))}
            </fieldset>
          ))}
          {errors.params && <p className="field-error">{errors.params}</p>}
          <TextField
            label="Placement tag"
            value={form.placementTag}
            onChange={(e) => set('placementTag', e.target.value)}
            error={errors.placementTag}
            hint="optional: run only on workers with this tag, e.g. region=eu"
          />
          <CheckboxField
            label="Cancel open orders when stopped"
            checked={form.cancelOrdersOnStop}
            onChange={(e) => set('cancelOrdersOnStop', e.target.checked)}
          />
          {form.mode === 'live' && (
            <CheckboxField
              label="May share its exchange account and symbol with another running bot"
              checked={form.allowSharedAccount}
              onChange={(e) => set('allowSharedAccount', e.target.checked)}
              hint="otherwise it cannot start while another of your live bots runs there: both would trade against the same balance"
            />
          )}
          <ErrorNotice error={save.error} fieldsShown={Object.keys(errors).length > 0} />
          {Object.keys(errors).length > 0 && !save.error && (
            <p className="notice notice-error" role="alert">
              Please correct the fields marked above.
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {editing ? 'Save changes' : 'Create bot'}
            </button>
            <button type="button" onClick={() => navigate(-1)}>
              Cancel
            </button>
          </div>
        </form>
        <BacktestPanel
          checker={checker}
          definition={() => {
            const { exchangeId, symbol, timeframe, strategy, params } = bodyOf(form, fields);
            return { exchangeId, symbol, timeframe, strategy, params };
          }}
        />
      </div>
    </section>
  );
}
