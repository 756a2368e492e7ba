// Strings of input hygiene (docs/decisions/016): what a field, a query
// parameter, a path or an upload says when its bytes cannot be taken.
// zh first, en with exactly the same keys.
export const zh = {
  'errors.invalidCharacter': '含有无效字符（如控制字符），请删除后重试。',
  'errors.badPath': '网址无效：其中的百分号编码无法解码。',
  'errors.badUpload': '上传的内容无法读取，请重新选择文件后再试。',
  'errors.badForm': '提交的内容无法读取，请刷新页面后重试。',
}

export const en: Record<keyof typeof zh, string> = {
  'errors.invalidCharacter': 'This contains an invalid character (such as a control character); please remove it and try again.',
  'errors.badPath': 'This address is not valid: its percent-encoding cannot be decoded.',
  'errors.badUpload': 'The upload could not be read; please choose the file again and retry.',
  'errors.badForm': 'The submission could not be read; please reload the page and try again.',
}
