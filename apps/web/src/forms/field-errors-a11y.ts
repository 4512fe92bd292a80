/**
 * Element Plus shows a field's message under the field but does not tie it to the control, so a screen
 * reader never says it. One observer for the whole portal and console marks the control of every form
 * item showing a message `aria-invalid` and describes it by that message, and undoes both when it goes.
 */
export function announceFieldErrors(root: HTMLElement = document.body): () => void {
  let ids = 0;
  let scheduled = false;

  const sync = () => {
    scheduled = false;
    for (const item of root.querySelectorAll<HTMLElement>('.el-form-item')) {
      const content = item.querySelector(':scope > .el-form-item__content');
      const control = content?.querySelector<HTMLElement>('input:not([type="hidden"]):not([type="file"]), textarea');
      if (!content || !control) continue;
      const message = content.querySelector<HTMLElement>(':scope > .el-form-item__error');
      if (message) {
        if (!message.id) message.id = `field-error-${++ids}`;
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', message.id);
      } else if (control.hasAttribute('aria-invalid')) {
        control.removeAttribute('aria-invalid');
        control.removeAttribute('aria-describedby');
      }
    }
  };

  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(sync);
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
