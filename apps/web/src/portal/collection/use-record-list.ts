import { ElMessage, ElMessageBox } from 'element-plus';
import { ref, type Ref } from 'vue';
import { messageOf } from '../../api/client';
import { useCollectionStore } from '../../stores/collection';

/**
 * What the 教育经历 and 工作经历 tables share: the add/edit dialog (a fresh form each opening), the
 * detail dialog, and 删除 with its confirmation, after which the wizard state is read again.
 */
export function useRecordList<T extends { id: string }>(options: {
  /** 教育经历 / 工作经历 */
  part: string;
  /** What the confirmation names the record by (学校名称, 单位名称). */
  nameOf: (row: T) => string;
  remove: (id: string) => Promise<unknown>;
}) {
  const store = useCollectionStore();
  const editing = ref(null) as Ref<T | null>;
  const editorOpen = ref(false);
  // A new key mounts a fresh form for each opening.
  const editorKey = ref(0);
  const viewing = ref(null) as Ref<T | null>;
  const viewerOpen = ref(false);
  const deleting = ref('');
  const reloadError = ref('');

  function add(): void {
    editing.value = null;
    editorKey.value++;
    editorOpen.value = true;
  }
  function edit(row: T): void {
    editing.value = row;
    editorKey.value++;
    editorOpen.value = true;
  }
  function view(row: T): void {
    viewing.value = row;
    viewerOpen.value = true;
  }

  async function reload(): Promise<void> {
    reloadError.value = '';
    try {
      await store.load();
    } catch (err) {
      reloadError.value = messageOf(err);
    }
  }

  async function remove(row: T): Promise<void> {
    const ok = await ElMessageBox.confirm(`确定删除“${options.nameOf(row)}”的${options.part}吗？`, `删除${options.part}`, {
      type: 'warning',
      confirmButtonText: '确定删除',
      cancelButtonText: '取消',
    })
      .then(() => true)
      .catch(() => false);
    if (!ok) return;
    deleting.value = row.id;
    try {
      await options.remove(row.id);
      ElMessage.success(`${options.part}已删除`);
    } catch (err) {
      ElMessage.error(messageOf(err));
    } finally {
      deleting.value = '';
      await reload();
    }
  }

  return { editing, editorOpen, editorKey, viewing, viewerOpen, deleting, reloadError, add, edit, view, reload, remove };
}
