/**
 * The Node runner's driver of the books queue: wakes on the queue's NOTIFY (any process's
 * writes) and on a timer (retries coming due, leases of crashed processes), and runs what is
 * due. The work itself is the core's (quickbooks/sync.ts); only the timers live here.
 */
import type { BooksRuntime } from './connect.js';
import { dueForReconcile, reconcile } from './quickbooks/reconcile.js';
import { runDue } from './quickbooks/sync.js';
import { BOOKS_CHANNEL } from './registry.js';
import { newId } from '../services/common.js';

export interface BooksWorkerOptions {
  /** How often due retries are looked for (default 1 s). */
  pollMs?: number;
  /** How often each connection is reconciled over change data capture (default 5 minutes). */
  reconcileMs?: number;
  /** How often an unreachable vendor is tried again by a reconcile (default 15 s). */
  probeMs?: number;
}

export class BooksWorker {
  private timer: ReturnType<typeof setInterval> | null = null;
  private reconcileTimer: ReturnType<typeof setInterval> | null = null;
  private reconciling: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  readonly owner = newId('proc');

  constructor(
    private readonly runtime: BooksRuntime,
    private readonly options: BooksWorkerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.runtime.db.listen(BOOKS_CHANNEL, () => this.kick());
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 1000);
    this.timer.unref?.();
    const probe = this.options.probeMs ?? 15_000;
    this.reconcileTimer = setInterval(() => void this.reconcileDue(), Math.min(probe, this.options.reconcileMs ?? 300_000));
    this.reconcileTimer.unref?.();
    this.kick();
  }

  /** Reconciles the connections that are due (and probes unreachable ones). */
  reconcileDue(): Promise<void> {
    this.reconciling ??= (async () => {
      const every = this.options.reconcileMs ?? 300_000;
      for (const org of await dueForReconcile(this.runtime, every, this.options.probeMs ?? 15_000)) {
        if (this.stopped) return;
        await reconcile(this.runtime, org, `${this.owner}:reconcile`).catch((error: unknown) => console.warn('[books] reconcile:', (error as Error).message));
        // (Its own lease owner: a reconcile and this process's queue never run an organization at once.)
        // A vendor back from an outage: the queue can drain now.
        this.kick();
      }
    })()
      .catch((error: unknown) => console.error('[books] reconcile pass failed:', (error as Error).message))
      .finally(() => {
        this.reconciling = null;
      });
    return this.reconciling;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await runDue(this.runtime, this.owner);
      } while (this.again && !this.stopped);
    })()
      .catch((error: unknown) => console.error('[books] sync pass failed:', (error as Error).message))
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves once the current pass (if any) is over. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.unlisten?.();
    await this.running;
    await this.reconciling;
  }
}
