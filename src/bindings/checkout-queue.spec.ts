import { CheckoutQueue } from './checkout-queue.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('CheckoutQueue', () => {
  it('runs tasks that share a key one at a time, in arrival order', async () => {
    const queue = new CheckoutQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([queue.run(['a'], task('1')), queue.run(['a', 'b'], task('2')), queue.run(['b'], task('3'))]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(queue.size).toBe(0);
  });

  it('runs tasks with no key in common side by side', async () => {
    const queue = new CheckoutQueue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run(['a'], () => gate);
    let secondRan = false;
    await queue.run(['b'], async () => {
      secondRan = true;
    });
    expect(secondRan).toBe(true);
    release();
    await first;
    expect(queue.size).toBe(0);
  });

  it('goes on with the next task after one fails', async () => {
    const queue = new CheckoutQueue();
    const failed = queue.run(['a'], async () => {
      throw new Error('boom');
    });
    const next = queue.run(['a'], async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(queue.size).toBe(0);
  });
});
