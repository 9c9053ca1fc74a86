/** `/events` as a text/event-stream body: replay after Last-Event-ID, then live events. */
import type { LiveEvent, User } from '@ledgerside/contract';
import { HttpResponse } from 'msw';
import { formatSse } from './events.js';
import type { MockStore } from './store.js';

export function eventStream(store: MockStore, viewer: User, lastEventId: string | null, signal: AbortSignal): HttpResponse<ReadableStream> {
  const encoder = new TextEncoder();
  let stop = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = store.subscribe(viewer, (event: LiveEvent) => write(formatSse(event)));
      stop = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // Already closed or cancelled by the reader.
        }
      };
      signal.addEventListener('abort', stop);
      // A comment first, so the body starts flowing at once through proxies and workers.
      write(': connected\n\n');
      for (const event of store.eventsSince(viewer, lastEventId)) write(formatSse(event));
    },
    cancel() {
      stop();
    },
  });
  return new HttpResponse(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' },
  });
}
