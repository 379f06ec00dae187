import type { Tenant } from '../types';

export interface ViewContext {
  segments: string[];
  params: URLSearchParams;
  /** Aborted when the user leaves the view: pending requests stop, charts are destroyed. */
  signal: AbortSignal;
  tenants: () => Promise<Tenant[]>;
}

export type View = (root: HTMLElement, ctx: ViewContext) => void;
