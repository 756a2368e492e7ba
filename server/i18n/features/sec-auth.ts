// Strings of sign-up by mailed link and its mails (issue 7, item 6; ADR 014): zh first, en with exactly the same keys.
export const zh = {
  'auth.signupSent': '请查收邮件：我们已向 {email} 发送了一封邮件，按邮件中的说明即可完成注册。如果几分钟内没有收到，请检查垃圾邮件。',
  'auth.confirmTitle': '完成注册',
  'auth.confirmLead': '确认这是您的邮箱，即可创建账号并登录。',
  'auth.confirmSubmit': '确认并登录',
  'auth.confirmInvalid': '该链接无效、已使用或已过期。请重新注册；如果已有账号，请直接登录或找回密码。',
  'mail.signupConfirm.subject': '【柳州科技大市场】确认注册',
  'mail.signupConfirm.body':
    '{name}，您好：\n\n感谢注册柳州科技大市场。请在 {hours} 小时内打开以下链接，确认邮箱并完成注册：\n{link}\n\n如果不是您本人操作，请忽略本邮件，不会创建任何账号。',
  'mail.signupExisting.subject': '【柳州科技大市场】有人尝试用您的邮箱注册',
  'mail.signupExisting.body':
    '{name}，您好：\n\n刚才有人尝试用您的邮箱地址在柳州科技大市场注册新账号。该邮箱已经注册过，所以没有创建新账号，您的账号也没有任何改变。\n\n如果是您本人，请直接登录：\n{link}\n\n忘记密码的话，可以在这里重设：\n{resetLink}\n\n如果不是您本人操作，请忽略本邮件。',
}

export const en: Record<keyof typeof zh, string> = {
  'auth.signupSent': 'Check your mail: we have sent a message to {email}; follow it to finish signing up. If nothing arrives within a few minutes, look in your spam folder.',
  'auth.confirmTitle': 'Finish signing up',
  'auth.confirmLead': 'Confirm that this is your e-mail address to create your account and log in.',
  'auth.confirmSubmit': 'Confirm and log in',
  'auth.confirmInvalid': 'This link is not valid, was already used or has expired. Sign up again; if you already have an account, log in or reset your password.',
  'mail.signupConfirm.subject': '[Liuzhou TechMarket] Confirm your sign-up',
  'mail.signupConfirm.body':
    'Hello {name},\n\nThank you for signing up to Liuzhou TechMarket. Open this link within {hours} hours to confirm your e-mail address and finish signing up:\n{link}\n\nIf you did not sign up, ignore this e-mail; no account will be created.',
  'mail.signupExisting.subject': '[Liuzhou TechMarket] Someone tried to sign up with your address',
  'mail.signupExisting.body':
    'Hello {name},\n\nSomeone just tried to sign up to Liuzhou TechMarket with your e-mail address. It already has an account, so no new account was created and yours is unchanged.\n\nIf it was you, log in here:\n{link}\n\nIf you forgot your password, reset it here:\n{resetLink}\n\nIf it was not you, ignore this e-mail.',
}
