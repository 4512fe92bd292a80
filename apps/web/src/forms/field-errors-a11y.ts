const ID_PREFIX = 'field-error-';

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
      // Our own description is added to, and later taken from, whatever the control is described by already.
      const others = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && !id.startsWith(ID_PREFIX));
      if (message) {
        if (!message.id) message.id = `${ID_PREFIX}${++ids}`;
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', [...others, message.id].join(' '));
      } else if (control.hasAttribute('aria-invalid')) {
        control.removeAttribute('aria-invalid');
        if (others.length > 0) control.setAttribute('aria-describedby', others.join(' '));
        else control.removeAttribute('aria-describedby');
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
