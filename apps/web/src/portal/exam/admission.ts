import { onBeforeUnmount, ref } from 'vue';
import { ApiError } from '../../api/client';

/** A place in the enrollment queue (the server's 429 `admission/queued`): what the page shows while it waits. */
export type QueuePlace = { position: number; waitSeconds: number };

/**
 * The peak's queue (issue 22): a call to an enrollment step that the server answers 429 `admission/queued` is
 * made again after its Retry-After, and again, until admitted; meanwhile `place` holds the position and the
 * estimated wait for the page (`admission/busy`: asked to come back before a place was given;
 * `admission/full`: admitted, but the server is working on as many as it takes at once, and the request was not
 * read). Any other answer ends it. Leaving the page stops the asking.
 */
export function useAdmission() {
  const place = ref<QueuePlace | null>(null);
  let left = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onBeforeUnmount(() => {
    left = true;
    clearTimeout(timer);
  });

  async function admitted<T>(call: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const result = await call();
        place.value = null;
        return result;
      } catch (err) {
        if (!(err instanceof ApiError && askAgain(err)) || left) {
          place.value = null;
          throw err;
        }
        // `admission/busy`: the server could not yet give a place (position 0 on the page until it does).
        place.value =
          err.code === 'admission/queued'
            ? { position: Number(err.data.position) || 1, waitSeconds: Number(err.data.waitSeconds) || 1 }
            : (place.value ?? { position: 0, waitSeconds: err.retryAfter ?? 1 });
        await new Promise<void>((resolve) => (timer = setTimeout(resolve, (err.retryAfter ?? 1) * 1000)));
        if (left) throw err;
      }
    }
  }
  return { place, admitted };
}

const askAgain = (err: ApiError) =>
  err.status === 429 && (err.code === 'admission/queued' || err.code === 'admission/busy' || err.code === 'admission/full');

/** 约N秒 / 约N分钟. */
export const waitText = (s: number) => (s < 60 ? `约${s}秒` : `约${Math.ceil(s / 60)}分钟`);
