/**
 * Runs tasks one after another per key, and tasks with no key in common side by side. Checkouts that
 * share a phone would pick the same shared number and all but one would lose on the unique index and
 * start over; queued, each sees the one before it committed. Only an economy: the constraints still
 * decide, and checkouts on other instances still meet them.
 */
export class CheckoutQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    // Taken all at once, without awaiting in between: each task waits only on tasks queued before it, so no cycle.
    const before = [...new Set(keys)].map((key) => this.tails.get(key)).filter((tail) => tail !== undefined);
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    for (const key of keys) this.tails.set(key, done);
    try {
      await Promise.all(before);
      return await task();
    } finally {
      finish();
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }

  /** Keys with a task queued or running; empty when idle. */
  get size(): number {
    return this.tails.size;
  }
}
