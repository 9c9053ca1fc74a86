/**
 * The client's parts that are loaded apart from it (their own chunks in a browser bundle):
 * the schemas it validates answers with, and the event-stream parser. A failed load (a
 * network error fetching the chunk) is not kept: the next caller tries again.
 */
import type * as Validation from './validation.js';
import type * as Parser from 'eventsource-parser';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

export const loadValidation = once<typeof Validation>(() => import('./validation.js'));
export const loadParser = once<typeof Parser>(() => import('eventsource-parser'));
