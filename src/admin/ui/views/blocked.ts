import { api, ApiError, isAbort, latestRequest } from '../api';
import { h, replace } from '../dom';
import { dateTime, humanize, none } from '../format';
import { href, positiveInt, replaceQuery } from '../router';
import type { BuyerReport, TextRecord } from '../types';
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
  setNotice,
  showError,
} from '../ui';
import type { ViewContext } from './view';

const PAGE_SIZE = 20;
type Outcome = 'blocked' | 'rate_limited' | 'keyword';
// Buyer keywords (HELP, EXTEND…) are answered by Veil, not blocked: a tab of their own, counted apart.
const TABS: Record<Outcome, { label: string; empty: string }> = {
  blocked: { label: 'Blocked by policy', empty: 'No blocked texts yet' },
  rate_limited: { label: 'Rate limited', empty: 'No rate-limited texts yet' },
  keyword: { label: 'Buyer keywords (not blocked)', empty: 'No keywords yet' },
};

export function blockedView(root: HTMLElement, ctx: ViewContext): void {
  const asked = ctx.params.get('outcome');
  const state = {
    outcome: (asked === 'rate_limited' || asked === 'keyword' ? asked : 'blocked') as Outcome,
    page: positiveInt(ctx.params.get('page'), 1),
  };

  const tabs = (Object.keys(TABS) as Outcome[]).map((outcome) =>
    h(
      'button',
      {
        type: 'button',
        class: 'segment',
        role: 'radio',
        'aria-checked': String(outcome === state.outcome),
        'data-testid': `outcome-${outcome}`,
        onclick: () => {
          state.outcome = outcome;
          state.page = 1;
          for (const t of tabs) t.setAttribute('aria-checked', String(t.dataset.testid === `outcome-${outcome}`));
          replaceQuery(['blocked'], state);
          void load();
        },
      },
      TABS[outcome].label,
    ),
  );
  const total = h('span', { class: 'muted', 'data-testid': 'blocked-total' });
  const list = h('div', null, loading());
  const reports = h('div', null, loading());

  replace(
    root,
    sectionHeader(
      'Blocked texts',
      'Texts to buyers that the message policy stopped. Bodies are kept only until the binding is purged.',
    ),
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Outcome' }, ...tabs),
        total,
      ),
      list,
    ),
    h(
      'section',
      { class: 'card', 'data-testid': 'reports' },
      h('h2', null, 'Buyer reports'),
      h(
        'p',
        { class: 'muted' },
        'Buyers who texted SPAM, JB, 举报 or 垃圾短信. A promotional reported text, or one reported by several buyers, is blocked for everyone; undo a wrong report.',
      ),
      reports,
    ),
  );

  const nextRequest = latestRequest(ctx.signal);
  async function load(): Promise<void> {
    const signal = nextRequest();
    replace(list, loading());
    try {
      const page = await api.texts({ outcome: state.outcome, page: state.page, pageSize: PAGE_SIZE }, signal);
      replace(total, `${page.total} ${page.total === 1 ? 'text' : 'texts'}`);
      if (!page.items.length) {
        replace(list, empty(TABS[state.outcome].empty));
        if (page.total > 0) list.appendChild(pager(page, goTo));
        return;
      }
      replace(
        list,
        dataTable<TextRecord>({
          caption: 'Blocked texts',
          rows: page.items,
          rowTestId: 'blocked-row',
          columns: [
            { label: 'Time', cell: (r) => dateTime(r.at) },
            { label: 'Relay number', cell: (r) => mono(r.relayNumber) },
            { label: 'From', cell: (r) => h('span', { class: 'party' }, chip(r.fromRole), ' ', mono(r.fromMasked)) },
            {
              label: 'Order',
              cell: (r) =>
                r.bindingId ? h('a', { href: href(['bindings', r.bindingId]), class: 'mono' }, r.orderId ?? 'binding') : none(),
            },
            { label: 'Reason', cell: (r) => h('strong', null, humanize(r.reason ?? r.outcome)) },
            {
              label: 'Signals',
              cell: (r) => (r.reasons?.length ? h('span', { class: 'chips' }, ...r.reasons.map(chip)) : none()),
            },
            {
              label: 'Body',
              className: 'body-cell',
              cell: (r) =>
                r.body
                  ? h('span', { class: 'text-body' }, r.body)
                  : h('span', { class: 'muted', title: 'Not kept, or already purged' }, 'not kept'),
            },
          ],
        }),
        pager(page, goTo),
      );
    } catch (err) {
      if (isAbort(err) || signal.aborted) return;
      showError(err, 'Blocked texts');
      replace(list, failed(err));
    }
  }

  async function loadReports(): Promise<void> {
    try {
      const page = await api.reports({ page: 1, pageSize: PAGE_SIZE }, ctx.signal);
      if (!page.items.length) {
        replace(reports, empty('No reports yet'));
        return;
      }
      const notice = noticeSlot('report-result');
      replace(
        reports,
        notice,
        dataTable<BuyerReport>({
          caption: 'Buyer reports',
          rows: page.items,
          rowTestId: 'report-row',
          columns: [
            { label: 'Reported', cell: (r) => dateTime(r.reportedAt) },
            { label: 'Sender', cell: (r) => h('span', { class: 'party' }, chip(r.senderRole), ' ', mono(r.senderMasked)) },
            {
              label: 'Order',
              cell: (r) =>
                r.bindingId ? h('a', { href: href(['bindings', r.bindingId]), class: 'mono' }, r.orderId ?? 'binding') : none(),
            },
            { label: 'Promotional', cell: (r) => (r.promotional ? h('strong', null, 'yes') : 'no') },
            { label: 'Buyers reporting', cell: (r) => String(r.reporters) },
            {
              label: 'Status',
              cell: (r) => (r.undoneAt ? badge('undone', `Undone ${dateTime(r.undoneAt)}`) : undoButton(r, notice)),
            },
          ],
        }),
      );
    } catch (err) {
      if (isAbort(err) || ctx.signal.aborted) return;
      replace(reports, failed(err));
    }
  }

  function undoButton(report: BuyerReport, notice: HTMLElement): HTMLElement {
    const button = h('button', { type: 'button', class: 'btn', 'data-testid': 'undo-report' }, 'Undo');
    button.addEventListener('click', async () => {
      if (!window.confirm('Undo this report? It will no longer count against the text for other buyers.')) return;
      button.disabled = true;
      clearNotice(notice);
      try {
        await api.undoReport(report.id);
        await loadReports();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return;
        button.disabled = false;
        setNotice(notice, 'error', errorText(err));
      }
    });
    return button;
  }

  function goTo(page: number): void {
    state.page = page;
    replaceQuery(['blocked'], state);
    void load();
  }

  void load();
  void loadReports();
}
