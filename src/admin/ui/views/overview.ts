import { api } from '../api';
import { chartBox, colors } from '../charts';
import { h, replace } from '../dom';
import { dateTime, decimal, hourLabel, humanize, instantLabel, percent } from '../format';
import type { ExtensionForecast, ExtensionNumber, Overview, PoolKind, PoolStats } from '../types';
import { badge, dataTable, empty, failed, loading, sectionHeader, showError } from '../ui';
import type { ViewContext } from './view';

const KINDS: PoolKind[] = ['dedicated', 'shared', 'extension'];
// The history chart draws the pools whose numbers are in use one order at a time.
const CHART_KINDS = ['dedicated', 'shared'] as const;
const CALL_OUTCOMES = ['connected', 'no_answer', 'busy', 'failed', 'not_in_service', 'refused'];
// `keyword`: the buyer's HELP, EXTEND, STOP…, answered by Veil; a bar of its own, never among the blocked.
const TEXT_OUTCOMES = ['connected', 'failed', 'not_in_service', 'refused', 'blocked', 'rate_limited', 'keyword'];
const HOUR_MS = 3_600_000;

export function overviewView(root: HTMLElement, ctx: ViewContext): void {
  const generated = h('span', { class: 'muted' });
  const refresh = h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => void load() }, 'Refresh');
  const body = h('div', { class: 'stack' }, loading());
  replace(root, sectionHeader('Overview', undefined, generated, refresh), body);

  let charts: AbortController | null = null;
  ctx.signal.addEventListener('abort', () => charts?.abort(), { once: true });

  async function load(): Promise<void> {
    refresh.disabled = true;
    try {
      const overview = await api.overview(ctx.signal);
      charts?.abort();
      charts = new AbortController();
      replace(generated, 'Updated ', dateTime(overview.generatedAt));
      replace(body, ...render(overview, charts.signal));
    } catch (err) {
      if (ctx.signal.aborted) return;
      showError(err, 'Overview');
      if (!body.querySelector('.stat')) replace(body, failed(err));
    } finally {
      refresh.disabled = false;
    }
  }
  void load();
}

function stat(label: string, value: number, testId: string, hint?: string, tone?: 'warn'): HTMLElement {
  return h(
    'div',
    { class: `stat${tone ? ` stat-${tone}` : ''}` },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value', 'data-testid': testId }, String(value)),
    hint ? h('div', { class: 'stat-hint' }, hint) : null,
  );
}

function sumPools(rows: PoolStats[]): Omit<PoolStats, 'country' | 'pool'> {
  const sum = { available: 0, inUse: 0, quarantined: 0, retired: 0, total: 0, shareInUse: 0 };
  for (const row of rows) {
    sum.available += row.available;
    sum.inUse += row.inUse;
    sum.quarantined += row.quarantined;
    sum.retired += row.retired;
    sum.total += row.total;
  }
  // One country: trust the server's share; several: weigh them by pool size.
  sum.shareInUse = rows.length === 1 ? rows[0]!.shareInUse : sum.total > 0 ? sum.inUse / sum.total : 0;
  return sum;
}

/**
 * An extension number is "in use" from its first live order to its last, so its share of numbers in use
 * says little: the card shows live orders against the pool's capacity instead, and the resting pairs.
 */
function extensionPoolCard(rows: PoolStats[], forecast: ExtensionForecast[]): HTMLElement {
  const live = forecast.reduce((a, f) => a + f.live, 0);
  const capacity = forecast.reduce((a, f) => a + f.capacity, 0);
  const resting = forecast.reduce((a, f) => a + f.quarantined, 0);
  const sum = sumPools(rows);
  return poolCardOf('extension', rows, capacity > 0 ? live / capacity : 0, 'of capacity live', [
    ['Numbers', sum.total - sum.retired, 'numbers'],
    ['Live orders', live, 'live'],
    ['Resting', resting, 'resting'],
    ['Retired', sum.retired, 'retired'],
  ]);
}

function poolCard(kind: PoolKind, rows: PoolStats[]): HTMLElement {
  const sum = sumPools(rows);
  return poolCardOf(kind, rows, sum.shareInUse, 'in use', [
    ['Available', sum.available, 'available'],
    ['In use', sum.inUse, 'in-use'],
    ['Quarantined', sum.quarantined, 'quarantined'],
    ['Retired', sum.retired, 'retired'],
  ]);
}

function poolCardOf(
  kind: PoolKind,
  rows: PoolStats[],
  shareOf: number,
  shareLabel: string,
  minis: [string, number, string][],
): HTMLElement {
  const sum = sumPools(rows);
  const share = Math.min(1, Math.max(0, shareOf));
  const tone = share >= 0.9 ? 'danger' : share >= 0.75 ? 'warn' : 'ok';
  const countries = rows.map((r) => r.country).join(', ');
  const mini = (label: string, value: number, key: string) =>
    h(
      'div',
      { class: 'mini' },
      h('div', { class: 'mini-value', 'data-testid': `pool-${kind}-${key}` }, String(value)),
      h('div', { class: 'mini-label' }, label),
    );
  return h(
    'section',
    { class: 'card pool-card', 'data-testid': `pool-${kind}` },
    h(
      'div',
      { class: 'card-title-row' },
      h('h3', null, `${humanize(kind)} pool`),
      h('span', { class: 'muted' }, rows.length ? `${sum.total} numbers · ${countries}` : 'no numbers'),
    ),
    h(
      'div',
      { class: 'share' },
      h('span', { class: 'share-value', 'data-testid': `pool-${kind}-share` }, percent(share)),
      h('span', { class: 'muted' }, ` ${shareLabel}`),
    ),
    h(
      'div',
      {
        class: `meter meter-${tone}`,
        role: 'meter',
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': Math.round(share * 100),
        'aria-label': `${kind} pool share in use`,
      },
      meterFill(share),
    ),
    h('div', { class: 'mini-grid' }, ...minis.map(([label, value, key]) => mini(label, value, key))),
  );
}

// Set through the CSSOM: the page's Content-Security-Policy allows no inline style attributes.
function meterFill(share: number): HTMLElement {
  const fill = h('div', { class: 'meter-fill' });
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  return fill;
}

function sharedVerdict(poolSize: number, c: number): HTMLElement {
  const safe = 2 * c - 1;
  if (c === 0 || poolSize >= safe) return badge('ok', 'enough');
  if (poolSize >= c) return badge('warn', 'may run short');
  return badge('danger', 'below C');
}

function dedicatedVerdict(hours: number | null, free: number): HTMLElement {
  if (free === 0) return badge('danger', 'dry');
  if (hours === null) return badge('ok', 'no recent checkouts');
  if (hours < 24) return badge('danger', 'under a day left');
  if (hours < 72) return badge('warn', 'under 3 days left');
  return badge('ok', 'fine');
}

function extensionVerdict(r: ExtensionForecast, forecastDays: number): HTMLElement {
  if (r.numbers === 0 || r.free === 0) return badge('danger', 'full');
  if (r.daysUntilFull !== null && r.daysUntilFull < 7) return badge('danger', 'under a week left');
  if (r.numbersToAdd > 0) return badge('warn', `add numbers for ${forecastDays} days`);
  return badge('ok', 'fine');
}

/** One extension number against the cap: live orders as a meter, resting pairs beside. */
function extensionMeter(n: ExtensionNumber): HTMLElement {
  const share = Math.min(1, Math.max(0, n.shareOfCap));
  const tone = share >= 0.9 ? 'danger' : share >= 0.75 ? 'warn' : 'ok';
  return h(
    'div',
    {
      class: `meter meter-${tone}`,
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': n.cap,
      'aria-valuenow': n.live,
      'aria-label': `${n.e164}: live extensions of the cap`,
    },
    meterFill(share),
  );
}

function extensionSection(o: Overview): HTMLElement {
  const e = o.extensions;
  const more = e.numberCount - e.busiest.length;
  return h(
    'div',
    { class: 'pool-grid' },
    h(
      'section',
      { class: 'card chart-card-wide', 'data-testid': 'extension-forecast' },
      h('h3', null, 'Extension headroom'),
      h(
        'p',
        { class: 'muted small' },
        `Each number holds ${e.capPerNumber.toLocaleString()} live orders (${percent(e.occupancy)} of ${e.codeSpace.toLocaleString()} extensions). ` +
          `Growth is the last 24 h of checkouts minus endings; "Add" is what holds ${e.forecastDays} more days at that rate, quarantine included.`,
      ),
      o.headroom.extension.length
        ? dataTable<ExtensionForecast>({
            caption: 'Extension headroom',
            rows: o.headroom.extension,
            rowTestId: 'extension-forecast-row',
            columns: [
              { label: 'Country', cell: (r) => r.country },
              { label: 'Numbers', cell: (r) => String(r.numbers), className: 'num' },
              {
                label: 'Live / capacity',
                cell: (r) => `${r.live.toLocaleString()} / ${r.capacity.toLocaleString()}`,
                className: 'num',
              },
              { label: 'Resting', cell: (r) => r.quarantined.toLocaleString(), className: 'num' },
              { label: 'Growth/day', cell: (r) => r.growthPerDay.toLocaleString(), className: 'num' },
              {
                label: 'Days to full',
                cell: (r) => (r.daysUntilFull === null ? '—' : decimal(r.daysUntilFull)),
                className: 'num',
              },
              { label: 'Add', cell: (r) => String(r.numbersToAdd), className: 'num' },
              { label: 'Status', cell: (r) => extensionVerdict(r, e.forecastDays) },
            ],
          })
        : empty('No extension pools'),
    ),
    h(
      'section',
      { class: 'card chart-card-wide', 'data-testid': 'extension-numbers' },
      h('h3', null, 'Extension occupancy'),
      h(
        'p',
        { class: 'muted small' },
        'Live extensions against the cap, and pairs resting in quarantine, the fullest numbers first' +
          (more > 0 ? ` (${more} more: GET /v1/admin/extensions).` : '.'),
      ),
      e.busiest.length
        ? dataTable<ExtensionNumber>({
            caption: 'Extension occupancy',
            rows: e.busiest,
            rowTestId: 'extension-number-row',
            columns: [
              { label: 'Number', cell: (n) => n.e164 },
              { label: 'Live', cell: (n) => `${n.live.toLocaleString()} / ${n.cap.toLocaleString()}`, className: 'num' },
              { label: 'Resting', cell: (n) => n.quarantined.toLocaleString(), className: 'num' },
              { label: 'Occupancy', cell: (n) => extensionMeter(n) },
              { label: 'Share', cell: (n) => percent(n.shareOfCap), className: 'num' },
            ],
          })
        : empty('No extension numbers'),
    ),
  );
}

function render(o: Overview, chartSignal: AbortSignal): HTMLElement[] {
  const headline = h(
    'div',
    { class: 'stat-grid' },
    stat('Active bindings', o.bindings.active, 'active-bindings'),
    stat(
      'Expiring in 24 h',
      o.bindings.expiringIn24h,
      'expiring-24h',
      undefined,
      o.bindings.expiringIn24h > 0 ? 'warn' : undefined,
    ),
    stat('Expiring in 7 days', o.bindings.expiringIn7d, 'expiring-7d'),
    stat('Purges done', o.purges, 'purges', 'real numbers deleted'),
  );

  const pools = h(
    'div',
    { class: 'pool-grid' },
    ...KINDS.map((kind) =>
      kind === 'extension'
        ? extensionPoolCard(
            o.pools.filter((p) => p.pool === kind),
            o.headroom.extension,
          )
        : poolCard(
            kind,
            o.pools.filter((p) => p.pool === kind),
          ),
    ),
  );
  const multiCountry = new Set(o.pools.map((p) => p.country)).size > 1;
  const byCountry = multiCountry
    ? h(
        'section',
        { class: 'card' },
        h('h3', null, 'Pools by country'),
        dataTable<PoolStats>({
          caption: 'Pools by country',
          rows: o.pools,
          columns: [
            { label: 'Country', cell: (p) => p.country },
            { label: 'Pool', cell: (p) => humanize(p.pool) },
            { label: 'Available', cell: (p) => String(p.available), className: 'num' },
            { label: 'In use', cell: (p) => String(p.inUse), className: 'num' },
            { label: 'Quarantined', cell: (p) => String(p.quarantined), className: 'num' },
            { label: 'Retired', cell: (p) => String(p.retired), className: 'num' },
            { label: 'Share in use', cell: (p) => percent(p.shareInUse), className: 'num' },
          ],
        }),
      )
    : null;

  const headroom = h(
    'div',
    { class: 'pool-grid' },
    h(
      'section',
      { class: 'card' },
      h('h3', null, 'Shared headroom'),
      h(
        'p',
        { class: 'muted small' },
        'C is the most active bindings any one phone has at once. A pool of 2C−1 numbers always has a free one; fewer than C cannot serve that phone.',
      ),
      o.headroom.shared.length
        ? dataTable({
            caption: 'Shared headroom',
            rows: o.headroom.shared,
            columns: [
              { label: 'Country', cell: (r) => r.country },
              { label: 'Max per phone (C)', cell: (r) => String(r.maxActivePerPhone), className: 'num' },
              { label: 'Pool size', cell: (r) => String(r.poolSize), className: 'num' },
              { label: '2C−1', cell: (r) => String(Math.max(0, 2 * r.maxActivePerPhone - 1)), className: 'num' },
              { label: 'Status', cell: (r) => sharedVerdict(r.poolSize, r.maxActivePerPhone) },
            ],
          })
        : empty('No shared pools'),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', null, 'Dedicated headroom'),
      h('p', { class: 'muted small' }, 'Free numbers against the checkout rate of the last 24 hours.'),
      o.headroom.dedicated.length
        ? dataTable({
            caption: 'Dedicated headroom',
            rows: o.headroom.dedicated,
            columns: [
              { label: 'Country', cell: (r) => r.country },
              { label: 'Free', cell: (r) => String(r.free), className: 'num' },
              { label: 'Checkouts/h', cell: (r) => decimal(r.checkoutsPerHour, 2), className: 'num' },
              {
                label: 'Hours to dry',
                cell: (r) => (r.hoursUntilDry === null ? '—' : decimal(r.hoursUntilDry)),
                className: 'num',
              },
              { label: 'Status', cell: (r) => dedicatedVerdict(r.hoursUntilDry, r.free) },
            ],
          })
        : empty('No dedicated pools'),
    ),
  );

  // The API gives the instants the count changed, the first a day ago and the last now (the cards'
  // figures). Each value holds until the next point, so the line is stepped on a time axis: no
  // smoothing, and no slope between two points that would draw a gradual change that never was.
  const history = o.history.poolInUse;
  const from = history.length ? Date.parse(history[0]!.at) : 0;
  const to = history.length ? Date.parse(history.at(-1)!.at) : 0;
  const poolChart = history.length
    ? chartBox(
        'Numbers in use per pool over the last 24 hours',
        {
          type: 'line',
          data: {
            datasets: CHART_KINDS.map((kind) => ({
              label: humanize(kind),
              data: history.map((p) => ({ x: Date.parse(p.at), y: p[kind] })),
              borderColor: colors[kind],
              backgroundColor: `${colors[kind]}22`,
              fill: true,
              stepped: 'before' as const,
              tension: 0,
              pointRadius: 0,
              pointHoverRadius: 4,
              borderWidth: 2,
            })),
          },
          options: {
            interaction: { mode: 'nearest', axis: 'x', intersect: false },
            scales: {
              y: { beginAtZero: true, ticks: { precision: 0 } },
              x: {
                type: 'linear',
                min: from,
                max: to,
                // Ticks on whole hours, every three, labelled as clock times.
                afterBuildTicks: (axis) => {
                  const first = Math.ceil(from / HOUR_MS) * HOUR_MS;
                  axis.ticks = [];
                  for (let at = first; at <= to; at += 3 * HOUR_MS) axis.ticks.push({ value: at });
                },
                ticks: { maxRotation: 0, callback: (value) => hourLabel(Number(value)) },
              },
            },
            plugins: {
              legend: { position: 'bottom' },
              tooltip: { callbacks: { title: (items) => (items[0] ? instantLabel(items[0].parsed.x ?? 0) : '') } },
            },
          },
        },
        chartSignal,
        'chart-pool-history',
      )
    : empty('No history yet');

  const outcomes = [...new Set([...CALL_OUTCOMES, ...TEXT_OUTCOMES, ...Object.keys(o.calls24h), ...Object.keys(o.texts24h)])];
  const callsTotal = Object.values(o.calls24h).reduce((a, b) => a + (b ?? 0), 0);
  const textsTotal = Object.values(o.texts24h).reduce((a, b) => a + (b ?? 0), 0);
  const outcomeChart =
    callsTotal + textsTotal > 0
      ? chartBox(
          'Calls and texts by outcome over the last 24 hours',
          {
            type: 'bar',
            data: {
              labels: outcomes.map(humanize),
              datasets: [
                {
                  label: `Calls (${callsTotal})`,
                  data: outcomes.map((k) => o.calls24h[k as keyof Overview['calls24h']] ?? 0),
                  backgroundColor: colors.calls,
                  borderRadius: 3,
                },
                {
                  label: `Texts (${textsTotal})`,
                  data: outcomes.map((k) => o.texts24h[k as keyof Overview['texts24h']] ?? 0),
                  backgroundColor: colors.texts,
                  borderRadius: 3,
                },
              ],
            },
            options: {
              scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { autoSkip: false, maxRotation: 45 } } },
              plugins: { legend: { position: 'bottom' } },
            },
          },
          chartSignal,
          'chart-outcomes',
        )
      : empty('No calls or texts in the last 24 hours');

  const reasons = Object.entries(o.blockedByReason);
  const blockedTotal = reasons.reduce((a, [, n]) => a + n, 0);
  const reasonChart =
    blockedTotal > 0
      ? chartBox(
          'Blocked texts by reason',
          {
            type: 'bar',
            data: {
              labels: reasons.map(([r]) => humanize(r)),
              datasets: [
                {
                  label: 'Texts',
                  data: reasons.map(([, n]) => n),
                  backgroundColor: reasons.map(([r], i) => colors.outcome[r] ?? colors.reasons[i % colors.reasons.length]!),
                  borderRadius: 3,
                },
              ],
            },
            options: {
              indexAxis: 'y',
              scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
              plugins: { legend: { display: false } },
            },
          },
          chartSignal,
          'chart-blocked',
        )
      : empty('No blocked texts yet');

  const chartCard = (title: string, subtitle: string, content: HTMLElement, wide = false) =>
    h(
      'section',
      { class: `card chart-card${wide ? ' chart-card-wide' : ''}` },
      h('div', { class: 'card-title-row' }, h('h3', null, title), h('span', { class: 'muted small' }, subtitle)),
      content,
    );

  return [
    headline,
    h('h2', { class: 'group-title' }, 'Number pools'),
    pools,
    ...(byCountry ? [byCountry] : []),
    h('div', { class: 'chart-grid' }, chartCard('Numbers in use', 'last 24 h, each change', poolChart, true)),
    h('h2', { class: 'group-title' }, 'Headroom'),
    headroom,
    extensionSection(o),
    h('h2', { class: 'group-title' }, 'Traffic'),
    h(
      'div',
      { class: 'chart-grid' },
      chartCard('Calls and texts by outcome', 'last 24 h', outcomeChart),
      chartCard('Blocked texts by reason', `${blockedTotal} in total`, reasonChart),
    ),
  ];
}
