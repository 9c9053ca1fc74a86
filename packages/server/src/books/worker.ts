/**
 * The Node runner's driver of the books queue: wakes on the queue's NOTIFY (any process's
 * writes) and on a timer (retries coming due, leases of crashed processes), and runs what is
 * due. The work itself is the core's (quickbooks/sync.ts); only the timers live here.
 */
import type { BooksRuntime } from './connect.js';
import { runDue } from './quickbooks/sync.js';
import { BOOKS_CHANNEL } from './registry.js';
import { newId } from '../services/common.js';

export interface BooksWorkerOptions {
  /** How often due retries are looked for (default 1 s). */
  pollMs?: number;
}

export class BooksWorker {
  private timer: ReturnType<typeof setInterval> | null = null;
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
    this.kick();
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
    await this.unlisten?.();
    await this.running;
  }
}
