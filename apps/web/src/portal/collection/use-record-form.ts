import { missingAttachments, slotAttachments, type AttachmentSlot } from '@ausm/domain';
import { reactive, type ComputedRef } from 'vue';
import { ApiError } from '../../api/client';

/**
 * What the 教育经历 and 工作经历 dialogs share: the fields an import locked, and the attachment slots with
 * their messages (beside each slot, from the form's own check or the server's). The 至今 end date is
 * DateUntilNow.vue.
 */
export function useRecordForm(
  form: { attachments: Record<string, string> },
  lockedFields: readonly string[] | undefined,
  slots: ComputedRef<AttachmentSlot[]>,
) {
  // 红框内容不可编辑: what a province's import brought stays as it was.
  const locked = new Set(lockedFields ?? []);
  const isLocked = (field: string) => locked.has(field);

  const slotErrors = reactive<Record<string, string>>({});

  function setAttachment(key: string, id: string | null): void {
    slotErrors[key] = '';
    if (id) form.attachments[key] = id;
    else delete form.attachments[key];
  }

  /** Clears the slots' messages, then marks each required slot without a file; true when none is missing. */
  function checkAttachments(): boolean {
    for (const k of Object.keys(slotErrors)) slotErrors[k] = '';
    const missing = missingAttachments(slots.value, form.attachments);
    for (const [path, msg] of Object.entries(missing)) slotErrors[path.slice('attachments.'.length)] = msg;
    return Object.keys(missing).length === 0;
  }

  /** The files of the record's current slots (a slot an earlier choice opened is left out). */
  const attachments = () => slotAttachments(slots.value, form.attachments);

  /** Puts the server's messages about attachments beside their slots; false when it named none. */
  function applyAttachmentErrors(err: unknown): boolean {
    if (!(err instanceof ApiError)) return false;
    const named = Object.entries(err.fields ?? {}).filter(([k]) => k.startsWith('attachments.'));
    for (const [k, msg] of named) slotErrors[k.slice('attachments.'.length)] = msg;
    return named.length > 0;
  }

  return { locked, isLocked, slotErrors, setAttachment, checkAttachments, attachments, applyAttachmentErrors };
}
