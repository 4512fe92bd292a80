// The help center's content: the common questions about registration and login (seed 003 §1.2:
// 页面显示了登录注册的常见问题), and the 操作说明 online guide (seed 003 §2.3).

export type Faq = { id: string; category: string; question: string; answer: string };
export type GuideSection = { id: string; title: string; paragraphs: string[] };

export const FAQS: readonly Faq[] = [
  { id: 'reg-01', category: '注册', question: '注册时收不到手机短信验证码怎么办？', answer: '请确认手机号填写正确、手机信号正常且未设置短信拦截。手机短信验证码在3分钟内有效，且每3分钟只能发送一次验证码，请在倒计时结束后再重新获取。携号转网用户可能无法接收手机短信验证码，请更换手机号进行操作。' },
  { id: 'reg-02', category: '注册', question: '提示“该证件号码已注册”怎么办？', answer: '同一证件（证件类型加证件号码）只能注册一个账号。如果您曾经注册过，请直接使用证件号码或手机号登录；忘记密码的，请在登录页点击“忘记密码”，按注册时填写的信息重置密码。' },
  { id: 'reg-03', category: '注册', question: '提示“该手机号已被其他账号使用”怎么办？', answer: '一个手机号只能绑定一个账号。请确认是否已经用该手机号注册过；如手机号曾属于他人，请更换本人实名的手机号注册。' },
  { id: 'reg-04', category: '注册', question: '姓名中有生僻字，输入法打不出来怎么办？', answer: '在“真实姓名”输入框右侧点击“生僻字”按钮，在弹出的生僻字录入窗口中点击对应的字，即可插入到光标所在位置。姓名须与证件上的姓名完全一致。' },
  { id: 'reg-05', category: '注册', question: '密码有什么要求？', answer: '密码为8-16位字符，须同时包含大写字母、小写字母、数字和特殊符号（如 !@#$%^&*），不能包含空格。请牢记已注册的登录账号和密码，勿向他人泄露。' },
  { id: 'reg-06', category: '注册', question: '身份证号码提示“校验位不正确”是什么意思？', answer: '18位居民身份证号码的最后一位是根据前17位计算出的校验码（可能是数字或字母X）。出现该提示说明号码中有输错的数字，请对照身份证逐位核对。' },
  { id: 'reg-07', category: '注册', question: '港澳台居民和外籍人员如何注册？', answer: '港澳居民请选择“港澳居民来往内地通行证”，台湾居民请选择“台湾居民来往大陆通行证”，外籍人员请选择“护照（外国）”，然后按证件上的号码和姓名填写。' },
  { id: 'reg-08', category: '注册', question: '可以用他人的手机号注册吗？', answer: '为方便您在平台上办理业务并及时接收通知，请如实填写注册信息，使用本人手机号注册。' },
  { id: 'login-01', category: '登录', question: '登录时用什么账号？', answer: '可以使用注册时填写的证件号码或者手机号登录，两者都可以。' },
  { id: 'login-02', category: '登录', question: '提示“账号已锁定”怎么办？', answer: '连续多次输错密码后，为保护账号安全，账号会被临时锁定，提示中会写明解锁时间。请在该时间之后再登录，或者点击“忘记密码”重置密码后登录。' },
  { id: 'login-03', category: '登录', question: '图形验证码看不清怎么办？', answer: '点击验证码图片即可更换一张。验证码不区分大小写，每张只能使用一次，输错后需重新输入新的验证码。' },
  { id: 'login-04', category: '登录', question: '推荐使用什么浏览器？', answer: '请使用最新版谷歌、火狐、360极速等非IE内核的主流浏览器访问本平台。' },
  { id: 'login-05', category: '登录', question: '为什么一段时间不操作就需要重新登录？', answer: '为保护您的个人信息，登录后长时间未操作会自动退出，请重新登录。在公共电脑上使用完毕后，请点击右上角“退出”。' },
  { id: 'pwd-01', category: '找回密码', question: '忘记密码怎么办？', answer: '在登录页点击登录按钮右下方的“忘记密码”，填写证件号码、真实姓名、新密码、确认新密码、手机号以及验证码后点击确认重置密码。填写信息请与注册时所填信息一致，否则重置不成功。' },
  { id: 'pwd-02', category: '找回密码', question: '重置密码提示“信息不一致”怎么办？', answer: '为保护您的账号，系统不会提示具体是哪一项不一致。请核对证件号码、真实姓名（含生僻字）和手机号是否与注册时完全一致。' },
  { id: 'pwd-03', category: '找回密码', question: '注册时的手机号已停用，如何找回密码？', answer: '找回密码需要接收注册手机号的验证码。手机号已停用的，请持本人有效证件联系所属会计管理部门处理。' },
  { id: 'pwd-04', category: '找回密码', question: '重置密码后其他设备还能继续使用吗？', answer: '重置密码成功后，该账号在所有设备上的登录都会失效，请使用新密码重新登录。' },
  { id: 'inquiry-01', category: '信息查询', question: '如何打印会计人员信息表？', answer: '登录后在首页“服务大厅”的“会计人员信息服务”中点击“信息查询”，页面显示您审核通过的会计人员信息；点击“打印 / 下载会计人员信息表”，浏览器会下载一份PDF文件，打开后即可打印。信息表上印有生成时间（北京时间）和验证码。' },
  { id: 'inquiry-02', category: '信息查询', question: '信息查询提示“尚未审核通过”怎么办？', answer: '信息查询只显示审核通过的会计人员信息。请先在“信息采集”中填写并提交审核，所属会计管理部门审核通过后即可查询和打印。审核进度可在“我的办件”或信息采集的“审核告知”中查看。' },
  { id: 'inquiry-03', category: '信息查询', question: '如何核验会计人员信息表的真伪？', answer: '打开平台的“文件核验”页面（网址印在信息表页脚），输入信息表上的验证码并点击“核验”。验证码有效的，页面显示文件名称、脱敏后的姓名和生成时间；验证码不正确的，提示未找到该验证码。' },
  { id: 'inquiry-04', category: '信息查询', question: '为什么信息查询页面的证件号码显示为星号？', answer: '为保护您的个人信息，页面上的证件号码、姓名和证书编号会部分隐藏显示；下载的会计人员信息表是本人的正式记录，显示完整的姓名和证件号码，请妥善保管。' },
];

export const GUIDE: readonly GuideSection[] = [
  { id: 'intro', title: '平台简介', paragraphs: ['全国会计人员统一服务管理平台为会计人员提供注册登录、实名认证、信息采集、信息变更、属地关系调转、会计专业技术资格考试报名、会计职称管理和会计人员继续教育等服务；各级财政部门（会计管理部门）通过平台审核会计人员提交的信息。', '请使用最新版谷歌、火狐、360极速等非IE内核的主流浏览器访问本平台。'] },
  { id: 'register', title: '1. 会计人员注册', paragraphs: ['点击首页右上角“注册”按钮，进入新用户注册页面。', '首先选择证件类型：内地居民身份证、港澳居民来往内地通行证、台湾居民来往大陆通行证或护照（外国）。然后输入证件号码、真实姓名、密码、确认密码以及手机号。', '姓名中包含生僻字的，点击输入框右侧“生僻字”，选择对应的字。', '填写完所有信息后，点击“免费获取验证码”。手机短信验证码在3分钟内有效，且每3分钟只能发送一次验证码。输入验证码后点击“注册”，完成注册。', '页面右侧“注意事项”列出了注册过程中的共性问题，其他问题可在“帮助中心”查询。'] },
  { id: 'login', title: '2. 会计人员登录', paragraphs: ['点击首页“会计人员登录”，进入登录页面。输入注册时填写的证件号码或者手机号，填写密码以及图形验证码后点击“登录”。', '登录成功后，系统自动返回首页，并在页面右上角显示脱敏后的姓名。', '连续多次输错密码，账号将被临时锁定，提示中会写明解锁时间。'] },
  { id: 'password-reset', title: '3. 找回密码', paragraphs: ['在登录页面点击登录按钮右下方的“忘记密码”，进入找回密码页面。', '填写证件号码、真实姓名、新密码、确认新密码、手机号以及验证码后点击“确认重置密码”。填写信息须与注册时所填信息一致，否则重置不成功。', '重置成功后，账号在其他设备上的登录会全部失效，请使用新密码登录。'] },
  { id: 'help', title: '4. 帮助中心与咨询答疑', paragraphs: ['帮助中心汇总了注册、登录和找回密码的常见问题，可输入关键字搜索。', '咨询答疑用于解答平台相关问题：用一句话写下您的问题，平台从帮助中心的常见问题中查找最相关的解答，并列出相关问题；找不到时会告诉您，请换个说法或查看本操作说明。'] },
  { id: 'services', title: '5. 会计人员服务', paragraphs: ['登录后可在首页办理会计人员信息采集、属地关系调转、会计专业技术资格考试、会计职称管理、会计人员继续教育等业务。信息采集前须先完成实名认证。', '平台正在逐步开放各项业务；尚未开放的业务，点击后会有提示。'] },
  { id: 'inquiry', title: '6. 信息查询', paragraphs: ['登录后在首页“服务大厅”的“会计人员信息服务”中点击“信息查询”。页面以只读方式显示您审核通过的会计人员信息：基本信息、教育经历、工作经历和所属会计管理部门，每一部分注明最近一次变更的日期和方式。', '信息采集尚未审核通过的，页面会提示暂无可查询的信息，并提供“前往信息采集”的入口。', '点击“打印 / 下载会计人员信息表”，浏览器下载PDF格式的会计人员信息表，打开后即可打印。信息表上印有生成时间（北京时间）和验证码；任何人可在“文件核验”页面输入验证码，核验信息表是否由本平台生成，核验结果只显示脱敏后的姓名和生成时间。'] },
];

/** A run of Chinese characters (the basic block, its extensions outside the BMP, compatibility ideographs). */
const HAN_RUN = /(\p{Script=Han}+)/u;

/**
 * How well one search term matches a text, 0 for not at all. Words are not separated by spaces in Chinese,
 * so a run of three or more characters that is not in the text word for word still matches when most of
 * its pairs of neighbouring characters are (短信收不到 finds 注册时收不到手机短信验证码怎么办); any other part
 * of the term (letters, digits) must appear as it is.
 */
function termScore(text: string, term: string): number {
  if (text.includes(term)) return 1;
  let score = 0;
  let parts = 0;
  for (const part of term.split(HAN_RUN).filter(Boolean)) {
    parts++;
    const chars = Array.from(part);
    if (text.includes(part)) {
      score += 1;
      continue;
    }
    if (!HAN_RUN.test(part) || chars.length < 3) return 0;
    const pairs = chars.slice(1).map((c, i) => chars[i]! + c);
    const found = pairs.filter((p) => text.includes(p)).length / pairs.length;
    if (found < 0.5) return 0;
    score += found;
  }
  return score / parts;
}

/**
 * Every term (separated by spaces) must appear in the category, question or answer, case-insensitive;
 * Chinese runs may match by most of their character pairs (termScore). Best matches first.
 */
export function searchFaqs(query: string): Faq[] {
  // Punctuation and symbols (a question's ？ or ?, quotes) separate terms rather than belong to them.
  const terms = query
    .toLowerCase()
    .split(/[\s\p{P}\p{S}]+/u)
    .filter(Boolean);
  if (terms.length === 0) return []; // only punctuation: nothing to look for
  return FAQS.map((faq) => {
    const text = `${faq.category} ${faq.question} ${faq.answer}`.toLowerCase();
    const question = faq.question.toLowerCase();
    const scores = terms.map((t) => termScore(text, t));
    // A term found in the question itself ranks its question higher.
    const inQuestion = terms.reduce((sum, t) => sum + termScore(question, t), 0);
    return { faq, score: scores.includes(0) ? 0 : scores.reduce((a, b) => a + b, 0) + inQuestion };
  })
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((m) => m.faq);
}
