/**
 * Token buckets per caller (the token's user) and per organization (all its users together).
 * Per process on purpose: behind a load balancer each process allows its share, which is what
 * a rate limit needs to be (approximate, cheap, no shared state).
 */
import { ApiError } from './errors.js';

export interface BucketOptions {
  /** Burst size. */
  capacity: number;
  /** Sustained requests per second. */
  perSecond: number;
}

export interface RateLimitOptions extends BucketOptions {
  /** One bucket shared by every user of an organization; none when left out. */
  organization?: BucketOptions;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 300, perSecond: 20, organization: { capacity: 3000, perSecond: 200 } };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Takes one token for `key` or throws 429 with `Retry-After`. */
  take(key: string, now = Date.now()): void {
    this.takeAll([[key, this.options]], now);
  }

  /** Takes one token from the caller's bucket and its organization's, or neither (429). */
  takeFor(organizationId: string, userId: string, now = Date.now()): void {
    const limits: [string, BucketOptions][] = [[`user:${organizationId}/${userId}`, this.options]];
    if (this.options.organization) limits.push([`org:${organizationId}`, this.options.organization]);
    this.takeAll(limits, now);
  }

  private takeAll(limits: readonly [string, BucketOptions][], now: number): void {
    const buckets = limits.map(([key, { capacity, perSecond }]) => {
      const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      bucket.at = now;
      this.buckets.set(key, bucket);
      return { bucket, perSecond };
    });
    const short = buckets.filter(({ bucket }) => bucket.tokens < 1);
    if (short.length) {
      const wait = Math.max(...short.map(({ bucket, perSecond }) => (1 - bucket.tokens) / perSecond));
      throw new ApiError(429, 'rate_limited', 'Too many requests; slow down.', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait))) },
      });
    }
    for (const { bucket } of buckets) bucket.tokens -= 1;
    // Forget idle callers so the map does not grow without bound.
    if (this.buckets.size > 10_000) {
      for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
    }
  }
}
