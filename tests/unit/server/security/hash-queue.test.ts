/**
 * Hashing has its own bounded queue (issue #11): never more than its concurrency at once
 * (so scrypt leaves libuv's pool to compression and file reads), first come first served,
 * and past its wait list a sign-in is refused at once with 429 `sign_in_busy`. The speed
 * figures are in bench/signin-burst-bench.ts (npm run bench:signin), not here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HASH_CONCURRENCY, HashQueue, HashQueueFullError, hashQueue } from '../../../../server/auth/hash-queue.ts';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { makeFixture, PASSWORD } from '../console/school-fixture.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('the hashing queue', () => {
  it('runs at most `concurrency` tasks at once, in arrival order', async () => {
    const q = new HashQueue(2, 100);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => q.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      order.push(i);
      running--;
    })));
    expect(peak).toBe(2);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    expect(order.slice(2)).toEqual(Array.from({ length: 18 }, (_, i) => i + 2));
    expect(q.size).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses past its wait list, and frees its slots after a failing task', async () => {
    const q = new HashQueue(1, 2);
    let release!: () => void;
    const first = q.run(() => new Promise<void>((r) => (release = r)));
    const waiting = [q.run(async () => 1), q.run(async () => 2)];
    await expect(q.run(async () => 3)).rejects.toBeInstanceOf(HashQueueFullError);
    release();
    await first;
    expect(await Promise.all(waiting)).toEqual([1, 2]);
    await expect(q.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await q.run(async () => 'ok')).toBe('ok');
  });

  it('bounds scrypt to half the cores, leaving libuv threads free', () => {
    expect(HASH_CONCURRENCY).toBeGreaterThanOrEqual(1);
    expect(HASH_CONCURRENCY).toBeLessThanOrEqual(2);
  });

  it('answers a sign-in 429 sign_in_busy when too many hashes wait, not a 5xx', async () => {
    t = await startTestApp();
    await makeFixture(t);
    const saved = hashQueue.concurrency;
    let release!: () => void;
    hashQueue.concurrency = 1;
    const blocker = hashQueue.run(() => new Promise<void>((r) => (release = r)));
    const fillers = Array.from({ length: hashQueue.maxWaiting }, () => hashQueue.run(async () => undefined));
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'prof.a', password: PASSWORD } });
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('sign_in_busy');
    } finally {
      release();
      await blocker;
      await Promise.all(fillers);
      hashQueue.concurrency = saved;
    }
  });
});
