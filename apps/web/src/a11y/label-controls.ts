const LABEL_PREFIX = 'form-item-label-';

/**
 * Ties each control inside an el-form-item to the item's label. Element Plus does it (label for=) only when the
 * item holds exactly one control it knows of; a select whose input registers late, a cascader, a date range or
 * an item with a control and a button beside it are left unnamed, which a screen reader says as "编辑框" only.
 * One observer for portal and console gives every such control `aria-labelledby` = the item's label; a control
 * named already (aria-label, aria-labelledby, a label[for]) is left as it is. el-pagination's page-size select
 * and page-number box get names of their own.
 */
export function labelFormControls(root: HTMLElement = document.body): () => void {
  let ids = 0;
  let scheduled = false;

  const named = (control: HTMLElement): boolean =>
    control.hasAttribute('aria-label') ||
    control.hasAttribute('aria-labelledby') ||
    (!!control.id && !!document.querySelector(`label[for="${CSS.escape(control.id)}"]`)) ||
    !!control.closest('label');

  const sync = () => {
    scheduled = false;
    // el-pagination's own controls come without names: the page-size select and the page-number box.
    for (const input of root.querySelectorAll<HTMLElement>('.el-pagination__sizes input:not([aria-label])')) input.setAttribute('aria-label', '每页条数');
    for (const input of root.querySelectorAll<HTMLElement>('.el-pagination__editor input:not([aria-label])')) input.setAttribute('aria-label', '跳转到第几页');
    for (const item of root.querySelectorAll<HTMLElement>('.el-form-item')) {
      const label = item.querySelector<HTMLElement>(':scope > .el-form-item__label, :scope > .el-form-item__label-wrap > .el-form-item__label');
      if (!label || !(label.textContent ?? '').trim()) continue;
      const controls = item.querySelectorAll<HTMLElement>(
        ':scope > .el-form-item__content input:not([type="hidden"]):not([type="file"]):not([type="radio"]):not([type="checkbox"]), :scope > .el-form-item__content textarea',
      );
      for (const control of controls) {
        // Controls of a form item nested inside this one belong to that item.
        if (control.closest('.el-form-item') !== item || named(control)) continue;
        if (!label.id) label.id = `${LABEL_PREFIX}${++ids}`;
        const extra = control.getAttribute('placeholder');
        // A range's two inputs: the label and each input's own placeholder (开始日期 / 结束日期).
        const range = control.closest('.el-range-editor');
        if (range && extra) control.setAttribute('aria-label', `${(label.textContent ?? '').trim()} ${extra}`);
        else control.setAttribute('aria-labelledby', label.id);
      }
    }
  };

  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(sync);
  });
  observer.observe(root, { childList: true, subtree: true });
  sync();
  return () => observer.disconnect();
}
