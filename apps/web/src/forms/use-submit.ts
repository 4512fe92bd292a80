import type { FormInstance } from 'element-plus';
import { ref, type Ref } from 'vue';

/**
 * A form's submit: checks the form's rules (the domain's, through zodRules), sends once at a time,
 * and puts a refusal beside its fields (useServerErrors). `onRefused` runs first, for what a page
 * must undo after any refusal (a used captcha, say).
 */
export function useSubmit(
  formRef: Ref<FormInstance | undefined>,
  errors: { reset(): void; apply(err: unknown): void },
  send: () => Promise<void>,
  onRefused?: (err: unknown) => void,
) {
  const submitting = ref(false);
  async function submit(): Promise<void> {
    if (submitting.value || !formRef.value) return;
    errors.reset();
    const valid = await formRef.value.validate().catch(() => false);
    if (!valid) return;
    submitting.value = true;
    try {
      await send();
    } catch (err) {
      onRefused?.(err);
      errors.apply(err);
    } finally {
      submitting.value = false;
    }
  }
  return { submitting, submit };
}
