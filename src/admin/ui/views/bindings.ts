import { api, ApiError, isAbort, latestRequest } from '../api';
import { h, replace, type Child } from '../dom';
import { dateTime, directionLabel, duration, humanize, none, relative } from '../format';
import { href, positiveInt, replaceQuery } from '../router';
import type { Binding, CallRecord, Counterpart, TextRecord } from '../types';
import {
  badge,
  chip,
  clearNotice,
  dataTable,
  empty,
  errorText,
  failed,
  loading,
  mono,
  noticeSlot,
  pager,
  sectionHeader,
  selectField,
  setNotice,
  showError,
  type Column,
} from '../ui';
import type { ViewContext } from './view';

const PAGE_SIZE = 20;
let lastListHash = '#/bindings';
const STATUSES: [string, string][] = [
  ['', 'All statuses'],
  ['active', 'Active'],
  ['expired', 'Expired'],
  ['closed', 'Closed'],
];

export function bindingsView(root: HTMLElement, ctx: ViewContext): void {
  const id = ctx.segments[1];
  if (id) bindingDetailView(root, ctx, id);
  else bindingListView(root, ctx);
}

function counterpartList(counterparts: Counterpart[]): Child {
  if (!counterparts.length) return h('span', { class: 'muted' }, 'none');
  return h('ul', { class: 'plain-list' }, ...counterparts.map((c) => h('li', null, chip(c.role), ' ', mono(c.phoneMasked))));
}

/** When forwarding ended; an expired binding the sweeper has not reached yet ended at its expiry. */
function endedAt(b: Binding): string {
  return b.endedAt ?? b.expiresAt;
}

/** "Expires <when>" while active, "Closed <when>" or "Expired <when>" once ended. */
function expiry(b: Binding): Child {
  const active = b.status === 'active';
  const at = active ? b.expiresAt : endedAt(b);
  return h(
    'span',
    { 'data-testid': 'binding-expiry' },
    h('span', { class: 'muted small block' }, active ? 'Expires' : humanize(b.status)),
    dateTime(at),
    h('span', { class: 'muted small block' }, relative(at)),
  );
}

function bindingListView(root: HTMLElement, ctx: ViewContext): void {
  const state = {
    orderId: ctx.params.get('orderId') ?? '',
    status: ctx.params.get('status') ?? '',
    tenant: ctx.params.get('tenant') ?? '',
    page: positiveInt(ctx.params.get('page'), 1),
  };
  lastListHash = location.hash || '#/bindings';

  const search = h('input', {
    id: 'f-order',
    type: 'search',
    name: 'orderId',
    value: state.orderId,
    placeholder: 'Exact order id',
    autocomplete: 'off',
    spellcheck: 'false',
    'data-testid': 'order-search',
  });
  const status = selectField('Status', 'status', STATUSES, state.status, { 'data-testid': 'filter-status' });
  const tenant = selectField('Tenant', 'tenant', [['', 'All tenants']], state.tenant, { 'data-testid': 'filter-tenant' });
  const clear = h('button', { type: 'button', class: 'btn btn-link' }, 'Clear');
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h(
      'div',
      { class: 'field field-grow' },
      h('label', { for: 'f-order' }, 'Order id'),
      h(
        'div',
        { class: 'input-group' },
        search,
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'order-search-button' }, 'Search'),
      ),
    ),
    status.field,
    tenant.field,
    h('div', { class: 'field field-submit' }, clear),
  );
  const list = h('div', null, loading());

  replace(
    root,
    sectionHeader('Bindings', 'One binding per order: the buyer, a relay number and the counterparts who may reach them.'),
    h('section', { class: 'card' }, form, list),
  );

  void ctx
    .tenants()
    .then((tenants) => {
      for (const t of [...tenants].sort((a, b) => a.name.localeCompare(b.name))) {
        tenant.select.appendChild(h('option', { value: t.id, selected: t.id === state.tenant }, t.name));
      }
    })
    .catch(() => undefined);

  const apply = (page = 1) => {
    state.orderId = search.value.trim();
    state.status = status.select.value;
    state.tenant = tenant.select.value;
    state.page = page;
    replaceQuery(['bindings'], state);
    lastListHash = location.hash;
    void load();
  };
  const goTo = (page: number) => {
    state.page = page;
    replaceQuery(['bindings'], state);
    lastListHash = location.hash;
    void load();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  status.select.addEventListener('change', () => apply());
  tenant.select.addEventListener('change', () => apply());
  clear.addEventListener('click', () => {
    search.value = '';
    status.select.value = '';
    tenant.select.value = '';
    apply();
  });

  const nextRequest = latestRequest(ctx.signal);
  async function load(): Promise<void> {
    const signal = nextRequest();
    replace(list, loading());
    try {
      const page = await api.bindings({ ...state, pageSize: PAGE_SIZE }, signal);
      if (!page.items.length) {
        const filtered = state.orderId || state.status || state.tenant;
        replace(
          list,
          empty(
            filtered ? 'No bindings match' : 'No bindings yet',
            filtered ? (state.orderId ? 'Order ids must match exactly.' : 'Try another filter.') : undefined,
          ),
        );
        if (page.total > 0 && state.page > 1) list.appendChild(pager(page, goTo));
        return;
      }
      replace(
        list,
        dataTable<Binding>({
          caption: 'Bindings',
          rows: page.items,
          rowTestId: 'binding-row',
          onRowClick: (b) => (location.hash = href(['bindings', b.id])),
          rowLabel: (b) => `Order ${b.orderId}, ${b.status}`,
          columns: [
            { label: 'Order', cell: (b) => h('a', { href: href(['bindings', b.id]), class: 'mono strong' }, b.orderId) },
            { label: 'Tenant', cell: (b) => b.tenantName },
            { label: 'Mode', cell: (b) => humanize(b.mode) },
            { label: 'Status', cell: (b) => badge(b.status) },
            { label: 'Relay number', cell: (b) => mono(b.relayNumber) },
            { label: 'Buyer', cell: (b) => mono(b.buyerPhoneMasked) },
            { label: 'Counterparts', cell: (b) => counterpartList(b.counterparts) },
            { label: 'Ends', cell: expiry },
          ],
        }),
        pager(page, goTo),
      );
    } catch (err) {
      if (isAbort(err) || signal.aborted) return;
      showError(err, 'Bindings');
      replace(list, failed(err));
    }
  }
  void load();
}

function field(label: string, value: Child, testId?: string): HTMLElement {
  return h('div', { class: 'field-item' }, h('dt', null, label), h('dd', { 'data-testid': testId }, value));
}

function bindingDetailView(root: HTMLElement, ctx: ViewContext, id: string): void {
  // Back to the list as it was (filters and page).
  const back = h('a', { href: lastListHash, class: 'back-link' }, '← All bindings');
  const body = h('div', { class: 'stack' }, loading());
  replace(root, back, body);

  const load = async () => {
    try {
      const detail = await api.binding(id, ctx.signal);
      render(detail.binding, detail.calls, detail.texts);
    } catch (err) {
      if (isAbort(err) || ctx.signal.aborted) return;
      if (err instanceof ApiError && err.status === 404) {
        replace(body, empty('No such binding', 'It may have been removed, or the link is wrong.'));
        return;
      }
      showError(err, 'Binding');
      replace(body, failed(err));
    }
  };

  function render(binding: Binding, calls: CallRecord[], texts: TextRecord[]): void {
    const notice = noticeSlot('close-result');
    const closeButton = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-danger',
        'data-testid': 'close-binding',
        disabled: binding.status !== 'active',
        title: binding.status === 'active' ? 'Stop forwarding for this order now' : 'Only an active binding can be closed',
      },
      'Close binding',
    );
    closeButton.addEventListener('click', async () => {
      if (!window.confirm(`Close the binding for order ${binding.orderId}? Forwarding stops at once.`)) return;
      closeButton.disabled = true;
      clearNotice(notice);
      try {
        const closed = await api.closeBinding(binding.id);
        render(closed, calls, texts);
        const fresh = root.querySelector<HTMLElement>('[data-testid="close-result"]');
        if (fresh) setNotice(fresh, 'success', `Binding closed. Status: ${closed.status}.`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return;
        closeButton.disabled = binding.status !== 'active';
        setNotice(notice, 'error', errorText(err));
      }
    });

    replace(
      body,
      sectionHeader(
        `Order ${binding.orderId}`,
        `${binding.tenantName} · ${humanize(binding.mode)} binding`,
        h('span', { 'data-testid': 'binding-status' }, badge(binding.status)),
        closeButton,
      ),
      notice,
      h(
        'section',
        { class: 'card' },
        h(
          'dl',
          { class: 'fields' },
          field('Order id', mono(binding.orderId), 'binding-order-id'),
          field('Tenant', binding.tenantName),
          field('Mode', humanize(binding.mode)),
          field('Status', badge(binding.status)),
          field('Relay number', mono(binding.relayNumber)),
          field('Buyer', mono(binding.buyerPhoneMasked)),
          field('Marketing consent', binding.marketingConsent ? 'Yes' : 'No'),
          ...(binding.status === 'active'
            ? [
                field(
                  'Expires',
                  h(
                    'span',
                    null,
                    dateTime(binding.expiresAt),
                    ' ',
                    h('span', { class: 'muted small' }, relative(binding.expiresAt)),
                  ),
                  'binding-ends',
                ),
                field('Latest possible expiry', dateTime(binding.maxExpiresAt)),
              ]
            : [
                field(
                  binding.status === 'closed' ? 'Closed' : 'Expired',
                  h(
                    'span',
                    null,
                    dateTime(endedAt(binding)),
                    ' ',
                    h('span', { class: 'muted small' }, relative(endedAt(binding))),
                  ),
                  'binding-ends',
                ),
              ]),
          field('Real numbers', binding.purged ? 'Purged' : 'Kept (encrypted)'),
          field(
            'Carrier opt-out',
            binding.carrierOptOut
              ? h('span', { 'data-testid': 'carrier-opt-out' }, 'Yes: the buyer texted STOP; texts to them fail until they text START')
              : 'No',
          ),
          field('Created', dateTime(binding.createdAt)),
          field('Updated', dateTime(binding.updatedAt)),
          field('Binding id', mono(binding.id)),
        ),
      ),
      h(
        'section',
        { class: 'card' },
        h('h3', null, `Counterparts (${binding.counterparts.length})`),
        binding.counterparts.length
          ? dataTable<Counterpart>({
              caption: 'Counterparts',
              rows: binding.counterparts,
              columns: [
                { label: 'Role', cell: (c) => chip(c.role) },
                { label: 'Phone', cell: (c) => mono(c.phoneMasked) },
                { label: 'Last contact', cell: (c) => dateTime(c.lastContactAt) },
              ],
            })
          : empty('No counterparts'),
      ),
      h(
        'section',
        { class: 'card' },
        h('h3', null, `Calls (${calls.length})`),
        calls.length ? callTable(calls) : empty('No calls yet'),
      ),
      h(
        'section',
        { class: 'card' },
        h('h3', null, `Texts (${texts.length})`),
        texts.length ? textTable(texts) : empty('No texts yet'),
      ),
    );
  }

  void load();
}

function party(role: string | null, masked: string | null): Child {
  if (!role && !masked) return none();
  return h('span', { class: 'party' }, role ? chip(role) : null, ' ', mono(masked));
}

/**
 * The columns calls and texts share: when, between whom (which way, from, to: stacked in one column so
 * that the tables fit a laptop's width), and how it ended.
 */
function recordColumns<R extends CallRecord | TextRecord>(): Column<R>[] {
  return [
    { label: 'Time', cell: (r) => dateTime(r.at) },
    {
      label: 'Between',
      cell: (r) =>
        h(
          'span',
          { class: 'between' },
          h('span', { class: 'muted small block' }, directionLabel(r.direction)),
          h('span', { class: 'block' }, party(r.fromRole, r.fromMasked)),
          r.toRole || r.toMasked ? h('span', { class: 'block' }, '→ ', party(r.toRole, r.toMasked)) : null,
        ),
    },
    { label: 'Outcome', cell: (r) => badge(r.outcome) },
  ];
}

function callTable(calls: CallRecord[]): HTMLElement {
  return dataTable<CallRecord>({
    caption: 'Calls',
    rows: calls,
    rowTestId: 'call-row',
    columns: [
      ...recordColumns<CallRecord>(),
      { label: 'Reason', cell: (r) => (r.reason ? humanize(r.reason) : none()) },
      { label: 'Duration', cell: (r) => duration(r.durationSeconds), className: 'num' },
    ],
  });
}

function textTable(texts: TextRecord[]): HTMLElement {
  return dataTable<TextRecord>({
    caption: 'Texts',
    rows: texts,
    rowTestId: 'text-row',
    columns: [
      ...recordColumns<TextRecord>(),
      {
        label: 'Reason',
        cell: (r) =>
          r.reason || r.reasons?.length
            ? h(
                'span',
                null,
                r.reason ? h('span', null, humanize(r.reason)) : null,
                r.reasons?.length ? h('span', { class: 'chips' }, ...r.reasons.map(chip)) : null,
              )
            : none(),
      },
      {
        label: 'Delivery',
        cell: (r) =>
          r.deliveryStatus
            ? h(
                'span',
                { 'data-testid': 'delivery' },
                humanize(r.deliveryStatus),
                r.deliveryFailure ? h('span', { class: 'chips' }, chip(`${r.deliveryFailure} (${r.deliveryErrorCode})`)) : null,
              )
            : none(),
      },
      {
        label: 'Body',
        className: 'body-cell',
        cell: (r) => (r.body ? h('span', { class: 'text-body' }, r.body) : none()),
      },
    ],
  });
}
