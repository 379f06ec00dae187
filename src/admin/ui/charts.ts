import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only the pieces the dashboard draws, so the bundle stays small.
Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#4b5563';
Chart.defaults.borderColor = '#e5e7eb';
Chart.defaults.animation = false;

export const colors = {
  dedicated: '#2563eb',
  shared: '#0d9488',
  calls: '#4f46e5',
  texts: '#0891b2',
  outcome: {
    connected: '#16a34a',
    no_answer: '#ca8a04',
    busy: '#ea580c',
    failed: '#dc2626',
    not_in_service: '#6b7280',
    refused: '#7c3aed',
    blocked: '#db2777',
    rate_limited: '#d97706',
    keyword: '#0891b2',
  } as Record<string, string>,
  reasons: ['#db2777', '#7c3aed', '#2563eb', '#d97706', '#0d9488', '#6b7280'],
};

/** A chart in a sized box, destroyed when the view goes away. */
export function chartBox(label: string, config: ChartConfiguration, signal: AbortSignal, testId?: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'chart-box';
  if (testId) box.dataset.testid = testId;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  box.appendChild(canvas);
  const chart = new Chart(canvas, {
    ...config,
    options: { responsive: true, maintainAspectRatio: false, ...config.options },
  });
  // The browser tests read what is drawn (points, stepping) from the chart itself.
  Object.defineProperty(box, 'chart', { value: chart });
  signal.addEventListener('abort', () => chart.destroy(), { once: true });
  return box;
}
