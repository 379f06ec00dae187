import { api, ApiError, isAbort, latestRequest } from '../api';
import { h, replace } from '../dom';
import { dateTime, humanize, none, relative } from '../format';
import { replaceQuery } from '../router';
import type { RelayNumber } from '../types';
import {
  badge,
  clearBanner,
  clearNotice,
  dataTable,
  detailLines,
  empty,
  errorText,
  failed,
  loading,
  mono,
  noticeSlot,
  sectionHeader,
  selectField,
  setNotice,
  showError,
} from '../ui';
import type { ViewContext } from './view';

const POOLS: [string, string][] = [
  ['', 'All pools'],
  ['dedicated', 'Dedicated'],
  ['shared', 'Shared'],
  ['extension', 'Extension'],
];
const STATUSES: [string, string][] = [
  ['', 'All statuses'],
  ['available', 'Available'],
  ['in_use', 'In use'],
  ['quarantined', 'Quarantined'],
  ['retired', 'Retired'],
];

export function numbersView(root: HTMLElement, ctx: ViewContext): void {
  const state = { pool: ctx.params.get('pool') ?? '', status: ctx.params.get('status') ?? '' };

  const pool = selectField('Pool', 'pool', POOLS, state.pool, { 'data-testid': 'filter-pool' });
  const status = selectField('Status', 'status', STATUSES, state.status, { 'data-testid': 'filter-status' });
  const count = h('span', { class: 'muted', 'data-testid': 'numbers-count' });
  const tableNotice = noticeSlot('numbers-notice');
  const list = h('div', null, loading());

  const onFilter = () => {
    state.pool = pool.select.value;
    state.status = status.select.value;
    replaceQuery(['numbers'], state);
    clearNotice(tableNotice);
    void load();
  };
  pool.select.addEventListener('change', onFilter);
  status.select.addEventListener('change', onFilter);

  replace(
    root,
    sectionHeader('Numbers', 'Relay numbers Veil owns at the carrier.'),
    provisionForm(() => load()),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'toolbar' }, h('div', { class: 'filters' }, pool.field, status.field), count),
      tableNotice,
      list,
    ),
  );

  const nextRequest = latestRequest(ctx.signal);
  async function load(): Promise<void> {
    const signal = nextRequest();
    if (!list.querySelector('table')) replace(list, loading());
    list.setAttribute('aria-busy', 'true');
    try {
      const { numbers } = await api.numbers({ pool: state.pool, status: state.status }, signal);
      replace(count, numbers.length === 1 ? '1 number' : `${numbers.length} numbers`);
      replace(
        list,
        numbers.length
          ? table(numbers)
          : empty(
              'No numbers match',
              state.pool || state.status ? 'Try another pool or status.' : 'Provision some numbers above.',
            ),
      );
    } catch (err) {
      if (isAbort(err) || signal.aborted) return;
      showError(err, 'Numbers');
      replace(list, failed(err));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function table(numbers: RelayNumber[]): HTMLElement {
    return dataTable<RelayNumber>({
      caption: 'Relay numbers',
      rows: numbers,
      rowTestId: 'number-row',
      columns: [
        { label: 'Number', cell: (n) => mono(n.e164) },
        { label: 'Country', cell: (n) => (n.areaCode ? `${n.country} · ${n.areaCode}` : n.country) },
        { label: 'Pool', cell: (n) => humanize(n.pool) },
        { label: 'Status', cell: (n) => badge(n.status) },
        {
          label: 'Quarantine ends',
          cell: (n) =>
            n.quarantineUntil
              ? h(
                  'span',
                  null,
                  dateTime(n.quarantineUntil),
                  h('span', { class: 'muted small block' }, relative(n.quarantineUntil)),
                )
              : none(),
        },
        { label: 'Provider', cell: (n) => n.provider },
        {
          label: 'Actions',
          className: 'actions',
          cell: (n) =>
            n.status === 'retired'
              ? h('span', { class: 'muted small' }, 'Retired ', dateTime(n.retiredAt))
              : h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn btn-danger-outline btn-small',
                    'data-testid': 'retire-number',
                    onclick: (e: MouseEvent) => void retire(n, e.currentTarget as HTMLButtonElement),
                  },
                  'Retire',
                ),
        },
      ],
    });
  }

  async function retire(number: RelayNumber, button: HTMLButtonElement): Promise<void> {
    if (!window.confirm(`Retire ${number.e164}? It will not be given to new orders again.`)) return;
    button.disabled = true;
    clearNotice(tableNotice);
    try {
      const retired = await api.retire(number.id);
      setNotice(tableNotice, 'success', `Retired ${retired.e164}.`);
      await load();
    } catch (err) {
      button.disabled = false;
      if (err instanceof ApiError && err.status === 401) return;
      const message =
        err instanceof ApiError && err.code === 'number_in_use' ? `${number.e164} is in use: ${errorText(err)}` : errorText(err);
      setNotice(tableNotice, 'error', message);
    }
  }

  void load();
}

function provisionForm(afterProvision: () => Promise<void>): HTMLElement {
  const notice = noticeSlot('provision-result');
  const country = h('input', {
    id: 'p-country',
    name: 'country',
    value: 'US',
    required: true,
    maxlength: 2,
    minlength: 2,
    pattern: '[A-Za-z]{2}',
    autocomplete: 'off',
    'data-testid': 'provision-country',
  });
  const areaCode = h('input', {
    id: 'p-area',
    name: 'areaCode',
    inputmode: 'numeric',
    pattern: '[0-9]{2,5}',
    placeholder: 'optional',
    autocomplete: 'off',
    'data-testid': 'provision-area-code',
  });
  const count = h('input', {
    id: 'p-count',
    name: 'count',
    type: 'number',
    min: 1,
    max: 100,
    value: 5,
    required: true,
    'data-testid': 'provision-count',
  });
  const pool = selectField(
    'Pool',
    'p-pool',
    [
      ['dedicated', 'Dedicated'],
      ['shared', 'Shared'],
      ['extension', 'Extension'],
    ],
    'dedicated',
    { 'data-testid': 'provision-pool' },
  );
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'provision-submit' }, 'Provision');

  const form = h(
    'form',
    { class: 'card provision', 'aria-labelledby': 'provision-title', novalidate: false },
    h('h3', { id: 'provision-title' }, 'Provision numbers'),
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'field field-narrow' }, h('label', { for: 'p-country' }, 'Country'), country),
      h('div', { class: 'field field-narrow' }, h('label', { for: 'p-area' }, 'Area code'), areaCode),
      h('div', { class: 'field field-narrow' }, h('label', { for: 'p-count' }, 'Count'), count),
      pool.field,
      h('div', { class: 'field field-submit' }, submit),
    ),
    notice,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const requested = Number(count.value);
    submit.disabled = true;
    submit.textContent = 'Provisioning…';
    clearNotice(notice);
    try {
      const result = await api.provision({
        country: country.value.trim().toUpperCase(),
        areaCode: areaCode.value.trim() || undefined,
        count: requested,
        pool: pool.select.value,
      });
      const added = result.numbers.length;
      const asked = result.requested ?? requested;
      const text =
        added === asked
          ? `Added ${added} ${added === 1 ? 'number' : 'numbers'}.`
          : `Added ${added} of ${asked} requested numbers.`;
      setNotice(notice, added === asked ? 'success' : 'info', text, added <= 10 ? result.numbers.map((n) => n.e164) : []);
      clearBanner();
      void afterProvision();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      setNotice(notice, 'error', errorText(err), err instanceof ApiError ? detailLines(err.details) : []);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Provision';
    }
  });
  return form;
}
