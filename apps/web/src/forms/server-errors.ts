import { nextTick, reactive, ref, watch } from 'vue';
import { ApiError } from '../api/client';

/**
 * Errors the server (or an action such as sending an SMS code) reports for a form: per field, bound to
 * `el-form-item :error`, and one form-level message for errors that name no field of this form.
 * A field's message disappears as soon as the person edits that field.
 */
export function useServerErrors<M extends object>(model: M) {
  const fields = reactive<Record<string, string>>({});
  const message = ref('');

  for (const key of Object.keys(model)) {
    fields[key] = '';
    // Synchronous: a handler that clears a field and then reports an error on it keeps the error.
    watch(
      () => (model as Record<string, unknown>)[key],
      () => {
        fields[key] = '';
      },
      { flush: 'sync' },
    );
  }

  /** Shows `msg` beside `field`; the same message shown twice in a row still reaches the form item. */
  function set(field: string, msg: string): void {
    fields[field] = '';
    void nextTick(() => {
      fields[field] = msg;
    });
  }

  function reset(): void {
    message.value = '';
    for (const key of Object.keys(fields)) fields[key] = '';
  }

  /** Places an error thrown by the API client beside its field(s), else as the form's message. */
  function apply(err: unknown): void {
    if (!(err instanceof ApiError)) {
      console.error(err);
      message.value = '操作失败，请稍后重试';
      return;
    }
    const named: Record<string, string> = { ...(err.fields ?? {}) };
    if (err.field) named[err.field] = err.message;
    const entries = Object.entries(named);
    const here = entries.filter(([f]) => f in fields);
    for (const [f, m] of here) set(f, m);
    const elsewhere = entries.find(([f]) => !(f in fields));
    if (here.length === 0) message.value = err.message;
    else if (elsewhere) message.value = elsewhere[1];
  }

  return { fields, message, set, reset, apply };
}
