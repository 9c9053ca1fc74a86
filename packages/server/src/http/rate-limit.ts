/**
 * A token bucket per caller. Per process on purpose: behind a load balancer each process
 * allows its share, which is what a rate limit needs to be (approximate, cheap, no shared state).
 */
import { ApiError } from './errors.js';

export interface RateLimitOptions {
  /** Burst size. */
  capacity: number;
  /** Sustained requests per second. */
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 300, perSecond: 20 };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one token for `key` or throws 429 with `Retry-After`. */
  take(key: string, now = Date.now()): void {
    const { capacity, perSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new ApiError(429, 'rate_limited', 'Too many requests; slow down.', {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    // Forget idle callers so the map does not grow without bound.
    if (this.buckets.size > 10_000) {
      for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
    }
  }
}
