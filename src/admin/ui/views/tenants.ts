import { api, ApiError, isAbort, latestRequest } from '../api';
import { h, replace } from '../dom';
import { dateTime, none } from '../format';
import type { EndpointHealth, Tenant } from '../types';
import {
  badge,
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
  setNotice,
  showError,
} from '../ui';
import type { ViewContext } from './view';

/**
 * Tenants: create one (its API key shown once), add a second key for a rotation and revoke the old one,
 * and see each tenant's event endpoint: its health, its backlog, its failed events and a replay.
 */
export function tenantsView(root: HTMLElement, ctx: ViewContext): void {
  const notice = noticeSlot('tenants-notice');
  const list = h('div', null, loading());
  replace(
    root,
    sectionHeader('Tenants', 'Platforms with API keys, and the health of their event endpoints.'),
    createForm((text, key) => {
      showKey(text, key);
      void load();
    }),
    h('section', { class: 'card' }, notice, list),
  );

  function showKey(text: string, key: string): void {
    setNotice(notice, 'success', text, [key, 'Copy it now: it is not shown again.']);
  }

  const nextRequest = latestRequest(ctx.signal);
  async function load(): Promise<void> {
    const signal = nextRequest();
    if (!list.querySelector('table')) replace(list, loading());
    try {
      const { tenants } = await api.tenants(signal);
      const health = await Promise.all(tenants.map((t) => api.tenantEvents(t.id, signal)));
      replace(list, tenants.length ? table(tenants, health) : empty('No tenants yet', 'Create one above.'));
    } catch (err) {
      if (isAbort(err) || signal.aborted) return;
      showError(err, 'Tenants');
      replace(list, failed(err));
    }
  }

  function table(tenants: Tenant[], health: EndpointHealth[]): HTMLElement {
    const rows = tenants.map((tenant, i) => ({ tenant, health: health[i]! }));
    return dataTable<(typeof rows)[number]>({
      caption: 'Tenants',
      rows,
      rowTestId: 'tenant-row',
      columns: [
        {
          label: 'Tenant',
          cell: ({ tenant }) => h('span', { class: 'strong', title: tenant.id, 'data-testid': 'tenant-name' }, tenant.name),
        },
        {
          label: 'API keys',
          cell: ({ tenant }) =>
            h(
              'div',
              { class: 'keys' },
              ...tenant.keys.map((key) =>
                h(
                  'div',
                  { class: 'key', 'data-testid': 'tenant-key' },
                  mono(`${key.prefix}…`),
                  h('span', { class: 'muted small' }, ' ', dateTime(key.createdAt), ' '),
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-danger-outline btn-small',
                      'data-testid': 'revoke-key',
                      onclick: (e: MouseEvent) => void revoke(tenant, key.id, key.prefix, e.currentTarget as HTMLButtonElement),
                    },
                    'Revoke',
                  ),
                ),
              ),
              tenant.keys.length < 2
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small',
                      'data-testid': 'add-key',
                      onclick: (e: MouseEvent) => void addKey(tenant, e.currentTarget as HTMLButtonElement),
                    },
                    'New key',
                  )
                : null,
            ),
        },
        {
          label: 'Event endpoint',
          cell: ({ health }) =>
            health.endpoint
              ? h(
                  'div',
                  { 'data-testid': 'endpoint' },
                  mono(health.endpoint.url),
                  h(
                    'span',
                    { class: 'muted small block', 'data-testid': 'endpoint-health' },
                    health.endpoint.consecutiveFailures > 0
                      ? `${health.endpoint.consecutiveFailures} failures in a row (${health.endpoint.lastError ?? 'error'})`
                      : 'Healthy',
                    ' · last success ',
                    health.endpoint.lastSuccessAt ? dateTime(health.endpoint.lastSuccessAt) : 'never',
                  ),
                )
              : none(),
        },
        { label: 'Backlog', cell: ({ health }) => h('span', { 'data-testid': 'backlog' }, String(health.backlog)) },
        {
          label: 'Failed events',
          className: 'actions',
          cell: ({ tenant, health }) =>
            health.failed > 0
              ? h(
                  'span',
                  null,
                  badge('failed', `${health.failed} failed`),
                  ' ',
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small',
                      'data-testid': 'replay-events',
                      onclick: (e: MouseEvent) => void replay(tenant, e.currentTarget as HTMLButtonElement),
                    },
                    'Replay',
                  ),
                )
              : h('span', { 'data-testid': 'failed-count' }, '0'),
        },
      ],
    });
  }

  async function act(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    button.disabled = true;
    clearNotice(notice);
    try {
      await work();
      await load();
    } catch (err) {
      button.disabled = false;
      if (err instanceof ApiError && err.status === 401) return;
      setNotice(notice, 'error', errorText(err), err instanceof ApiError ? detailLines(err.details) : []);
    }
  }

  const addKey = (tenant: Tenant, button: HTMLButtonElement) =>
    act(button, async () => {
      const key = await api.addTenantKey(tenant.id);
      showKey(`New key for ${tenant.name}:`, key.apiKey);
    });

  const revoke = (tenant: Tenant, keyId: string, prefix: string, button: HTMLButtonElement) => {
    if (!window.confirm(`Revoke ${prefix}… of ${tenant.name}? Requests with it are refused at once.`)) return Promise.resolve();
    return act(button, async () => {
      await api.revokeTenantKey(tenant.id, keyId);
      setNotice(notice, 'success', `Revoked ${prefix}… of ${tenant.name}.`);
    });
  };

  const replay = (tenant: Tenant, button: HTMLButtonElement) =>
    act(button, async () => {
      const { replayed } = await api.replayEvents(tenant.id);
      setNotice(notice, 'success', `${replayed} failed ${replayed === 1 ? 'event' : 'events'} of ${tenant.name} sent again.`);
    });

  void load();
}

function createForm(created: (text: string, key: string) => void): HTMLElement {
  const notice = noticeSlot('create-tenant-result');
  const name = h('input', {
    id: 't-name',
    name: 'name',
    required: true,
    maxlength: 100,
    autocomplete: 'off',
    'data-testid': 'tenant-name-input',
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'create-tenant' }, 'Create');
  const form = h(
    'form',
    { class: 'card provision', 'aria-labelledby': 'create-tenant-title' },
    h('h3', { id: 'create-tenant-title' }, 'Create a tenant'),
    h(
      'div',
      { class: 'form-row' },
      h('div', { class: 'field' }, h('label', { for: 't-name' }, 'Name'), name),
      h('div', { class: 'field field-submit' }, submit),
    ),
    notice,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    submit.disabled = true;
    clearNotice(notice);
    try {
      const tenant = await api.createTenant(name.value.trim());
      name.value = '';
      created(`${tenant.name} created. Its API key:`, tenant.apiKey);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      setNotice(notice, 'error', errorText(err), err instanceof ApiError ? detailLines(err.details) : []);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
