import { expect, test, type Locator, type Page } from './fixtures';
import { captchaAnswer, idNumberFor, latestSmsCode, proofImage, unique } from './helpers';
import { makeJpeg } from '../apps/server/src/platform/uploads/test-files';

// Issue 19: registration, login and the six steps of 信息采集 with the keyboard alone. Every step below is a
// key press (Tab, Shift+Tab, Enter, Space, arrows, typing): no click, no fill. The test reads the page (what
// has the focus, a code from the sandbox) but acts on it only through page.keyboard. At every focus stop the
// focused control must show a focus ring (outline of 2px or more), and the first Tab reaches 跳到主要内容.

test.describe.configure({ timeout: 300_000 });

/** Whether the focus is on `target` or inside it. */
const focusIn = (target: Locator) =>
  target.evaluate((el) => {
    const active = document.activeElement;
    return !!active && active !== document.body && (el === active || el.contains(active));
  });

/** The focused element shows a ring: its outline, or that of the wrapper Element Plus draws around it. */
const focusRingShown = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return true;
    const candidates = [
      el,
      el.closest('.el-input__wrapper, .el-select__wrapper, .el-range-editor, .el-textarea, .el-radio, .el-checkbox'),
      el.classList.contains('el-switch__input') ? el.parentElement?.querySelector('.el-switch__core') : null,
    ];
    return candidates.some((c) => {
      if (!c) return false;
      const style = getComputedStyle(c);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    });
  });

const described = async (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}.${el.className} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"` : 'nothing';
  });

/** Presses Tab (or Shift+Tab) until the focus is on `target`, checking the focus ring at each stop. */
async function tabTo(page: Page, target: Locator, { back = false, max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await focusIn(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    expect(await focusRingShown(page), `focus ring on ${await described(page)}`).toBe(true);
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Tab to a field and type into it. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Tab to a button (or link) and press Enter. */
async function press(page: Page, target: Locator, key = 'Enter') {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/**
 * Picks `option` in an el-select with the keyboard: Tab to it, type the option's first characters when the
 * select filters, arrow down until the option is the active one (aria-activedescendant), Enter.
 */
async function chooseOption(page: Page, select: Locator, option: string) {
  await tabTo(page, select);
  const input = select.locator('input').first();
  if ((await input.getAttribute('readonly')) === null) await page.keyboard.type(option.slice(0, 2));
  else await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 120; i++) {
    const active = await input.getAttribute('aria-activedescendant');
    if (active) {
      const text = (await page.locator(`[id="${active}"]`).textContent())?.trim();
      if (text === option) {
        await page.keyboard.press('Enter');
        await expect(select).toContainText(option);
        return;
      }
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`option ${option} not reached`);
}

/** Types a date into an el-date-picker and confirms it with Enter. */
async function typeDateKeys(page: Page, item: Locator, date: string) {
  await tabTo(page, item.locator('input').first());
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
  await expect(item.locator('input').first()).toHaveValue(date);
}

/** Chooses a radio of a group: Tab into the group, then arrows until it is the checked one. */
async function chooseRadio(page: Page, group: Locator, radio: Locator) {
  await tabTo(page, group);
  const input = radio.locator('input');
  for (let i = 0; i < 12; i++) {
    if (await input.isChecked()) return;
    // Tab lands on the checked radio, or the first when none is: Space checks it, arrows move to the next.
    if (await focusIn(radio)) await page.keyboard.press('Space');
    else await page.keyboard.press('ArrowRight');
  }
  await expect(input).toBeChecked();
}

/** Chooses a file through the upload button: Enter opens the file chooser, which gets the file. */
async function uploadKeys(page: Page, field: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  await tabTo(page, field.getByRole('button').first());
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
  await chooser.setFiles(file);
  await expect(field.locator('img')).toBeVisible();
}

test('register, log in and complete the six steps of 信息采集 with the keyboard alone', async ({ page }) => {
  const seq = unique();
  const mobile = `136${seq.slice(-8)}`;
  const idNumber = idNumberFor(seq);
  const password = 'Kj#8821abc';

  // 跳到主要内容 is the first stop of Tab, and takes the focus to the page's main.
  await page.goto('/register');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await expect(page.getByTestId('skip-link')).toBeVisible();
  expect(await focusRingShown(page)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main-content')).toBeFocused();

  // 新用户注册
  await chooseOption(page, page.getByTestId('register-idType'), '内地居民身份证');
  await typeInto(page, page.getByTestId('register-idNumber').locator('input'), idNumber);
  await typeInto(page, page.getByTestId('register-realName').locator('input'), '张三');
  await typeInto(page, page.getByTestId('register-password').locator('input'), password);
  await typeInto(page, page.getByTestId('register-confirmPassword').locator('input'), password);
  await typeInto(page, page.getByTestId('register-mobile').locator('input'), mobile);
  await press(page, page.getByTestId('register-sms-button'));
  await expect(page.getByTestId('register-sms-button')).toContainText('秒');
  await typeInto(page, page.getByTestId('register-smsCode').locator('input'), await latestSmsCode(page.request, mobile));
  await press(page, page.getByTestId('register-submit'));
  await expect(page).toHaveURL(/\/login/);

  // 会计人员登录: Enter in the last field sends the form.
  await typeInto(page, page.getByTestId('login-identifier').locator('input'), mobile);
  await typeInto(page, page.getByTestId('login-password').locator('input'), password);
  await typeInto(page, page.getByTestId('login-captcha').locator('input'), await captchaAnswer(page, 'login-captcha-image'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('header-account-name')).toContainText('张**');

  // 会计人员信息采集 asks for 实名认证 first: the Alipay sandbox, its phone page driven by keys too.
  await press(page, page.getByRole('button', { name: '会计人员信息采集' }));
  const dialog = page.getByTestId('identity-dialog');
  await expect(dialog).toBeVisible();
  await press(page, dialog.getByTestId('identity-alipay-start'));
  const phoneLink = dialog.getByTestId('identity-sandbox-phone');
  await expect(phoneLink).toBeVisible();
  await tabTo(page, phoneLink);
  const [phone] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Enter')]);
  await phone.waitForLoadState();
  await tabTo(phone, phone.getByTestId('phone-confirm'));
  await phone.keyboard.press('Enter');
  await expect(phone.getByTestId('phone-done')).toBeVisible();
  await phone.close();
  await expect(page).toHaveURL(/\/collection\/notice$/, { timeout: 15_000 });

  // 01 采集须知: the scope is a radio, chosen with Space.
  await chooseRadio(page, page.getByTestId('collection-scope'), page.getByTestId('scope-accountant'));
  await expect(page.getByTestId('scope-accountant').locator('input')).toBeChecked();
  await press(page, page.getByTestId('step-next'));

  // 02 基本信息
  await expect(page).toHaveURL(/\/collection\/basic$/);
  await uploadKeys(page, page.getByTestId('basic-photo'), { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: makeJpeg({ width: 300, height: 420, size: 12 * 1024 }) });
  await chooseOption(page, page.getByTestId('basic-political'), '群众');
  await chooseOption(page, page.getByTestId('basic-ethnicity'), '汉族');
  await chooseOption(page, page.getByTestId('basic-address-province'), '山东省');
  await chooseOption(page, page.getByTestId('basic-address-city'), '济南市');
  await chooseOption(page, page.getByTestId('basic-address-county'), '历下区');
  await typeInto(page, page.getByTestId('basic-address-detail'), '经十路100号');
  await typeInto(page, page.getByTestId('basic-postalCode').locator('input'), '250000');
  await press(page, page.getByTestId('step-next'));

  // 03 教育经历: the dialog's fields, dates typed, the record verified by the 学信网 sandbox.
  await expect(page).toHaveURL(/\/collection\/education$/);
  await press(page, page.getByTestId('education-add'));
  const edu = page.getByTestId('education-dialog');
  await expect(edu).toBeVisible();
  await chooseOption(page, edu.getByTestId('edu-studyMode'), '全日制');
  await typeInto(page, edu.getByTestId('edu-school').locator('input'), '山东大学');
  await typeDateKeys(page, edu.getByTestId('edu-startDate'), '2011-09-01');
  await typeDateKeys(page, edu.getByTestId('edu-endDate'), '2015-06-30');
  await chooseOption(page, edu.getByTestId('edu-educationLevel'), '本科');
  await typeInto(page, edu.getByTestId('edu-diplomaNo').locator('input'), '104221201505001234');
  await chooseOption(page, edu.getByTestId('edu-degree'), '学士');
  await typeInto(page, edu.getByTestId('edu-degreeNo').locator('input'), '1042242015001234');
  await chooseOption(page, edu.getByTestId('edu-major'), '会计学');
  await press(page, edu.getByTestId('education-save'));
  await expect(page.getByText('教育经历已保存，学信网核验通过')).toBeVisible();
  // The saved message is also said by the polite live region.
  await expect(page.getByTestId('a11y-live-polite')).toContainText('教育经历已保存，学信网核验通过');
  await expect(edu).toBeHidden();
  await press(page, page.getByTestId('step-next'));

  // 04 工作经历: 至今 and 是 by Space, three proofs through the file chooser.
  await expect(page).toHaveURL(/\/collection\/work$/);
  await press(page, page.getByTestId('work-add'));
  const work = page.getByTestId('work-dialog');
  await expect(work).toBeVisible();
  await typeDateKeys(page, work.getByTestId('work-startDate'), '2015-07-01');
  await press(page, work.getByTestId('work-untilNow'), 'Space');
  await typeInto(page, work.getByTestId('work-unitName').locator('input'), '济南键盘制造有限公司');
  await typeInto(page, work.getByTestId('work-uscc').locator('input'), '91350100M000100Y43');
  await chooseOption(page, work.getByTestId('work-unitType'), '民营企业');
  await chooseOption(page, work.getByTestId('work-industry'), '制造业');
  await chooseOption(page, work.getByTestId('work-address-province'), '山东省');
  await chooseOption(page, work.getByTestId('work-address-city'), '济南市');
  await chooseOption(page, work.getByTestId('work-address-county'), '历下区');
  await chooseRadio(page, work.getByTestId('work-hasAccountingExperience'), work.getByTestId('work-has-yes'));
  await expect(work.getByTestId('work-has-yes').locator('input')).toBeChecked();
  const row = work.getByTestId('experience-0');
  await expect(row).toBeVisible();
  await chooseOption(page, row.getByTestId('experience-postLevel'), '一般会计人员');
  await chooseOption(page, row.getByTestId('experience-position'), '出纳');
  await typeDateKeys(page, row.getByTestId('experience-startDate'), '2015-07-01');
  await press(page, row.getByTestId('experience-untilNow'), 'Space');
  await uploadKeys(page, work.getByTestId('work-attachment-uscc'), proofImage('uscc'));
  await uploadKeys(page, work.getByTestId('work-attachment-employment'), proofImage('employment'));
  await uploadKeys(page, work.getByTestId('work-attachment-experience'), proofImage('experience'));
  await press(page, work.getByTestId('work-save'));
  await expect(page.getByText('工作经历已保存')).toBeVisible();
  await expect(work).toBeHidden();
  await press(page, page.getByTestId('step-next'));

  // 05 会计管理部门: the promise is a checkbox, ticked with Space.
  await expect(page).toHaveURL(/\/collection\/authority$/);
  await chooseOption(page, page.getByTestId('authority-province'), '山东省');
  await chooseOption(page, page.getByTestId('authority-city'), '济南市');
  await press(page, page.getByTestId('authority-promise'), 'Space');
  await press(page, page.getByTestId('authority-submit'));

  // 06 审核告知
  await expect(page).toHaveURL(/\/collection\/result$/);
  await expect(page.getByTestId('collection-status')).toContainText('审核中');
  await expect(page.getByTestId('notice-basic')).toContainText('济南市');
});
