import { StreamNotFoundError } from './errors';
import type { EventStore, ReadStreamOptions, RecordedEvent } from './port';

/** store.readStream, but [] for a stream that does not exist (yet) instead of StreamNotFoundError. */
export async function readStreamOrEmpty(
  store: EventStore,
  stream: string,
  options?: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(stream, options);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}
