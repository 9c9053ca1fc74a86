/**
 * Housekeeping that any server process may do (it is idempotent, so several running it at
 * once is harmless): idempotency records are kept for a day, long past any client's retries.
 */
import type { Db } from './db/types.js';
import { unrefTimer } from './timers.js';

const IDEMPOTENCY_RETENTION = "interval '24 hours'";

export function startMaintenance(db: Db, everyMs = 3_600_000): () => void {
  const run = () =>
    db
      .query(`DELETE FROM idempotency_keys WHERE created_at < now() - ${IDEMPOTENCY_RETENTION}`)
      .catch((error: unknown) => console.error('[maintenance] failed:', (error as Error).message));
  const timer = setInterval(run, everyMs);
  unrefTimer(timer);
  void run();
  return () => clearInterval(timer);
}
