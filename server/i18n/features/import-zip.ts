// Strings of the bulk import's file caps (ADR 015) and its row report:
// zh first, en with exactly the same keys.
export const zh = {
  // A file refused while it is read (shown on the import job page)
  'import.failure.inflatedTooLarge': '文件解压后过大（超过 {max} MB）。请删除多余的工作表、图片和空白格式后另存为 .xlsx，或拆分后分批上传。',
  'import.failure.compressionRatio': '文件解压后超过其大小的 {max} 倍，不像是正常的 Excel 文件。请在 Excel 中打开并另存为 .xlsx 后重试。',
  // One problem of a row (the job page and the report downloads)
  'import.errors.unknownIndustry': '未知的所属产业「{value}」：请填写模板“填写说明”页中的产业名称或代码。',
}

export const en: Record<keyof typeof zh, string> = {
  'import.failure.inflatedTooLarge': 'The file is too large when unpacked (over {max} MB). Remove extra sheets, pictures and blank formatting and save it as .xlsx again, or split it and upload the parts.',
  'import.failure.compressionRatio': 'The file unpacks to more than {max} times its size, which a normal Excel file does not. Open it in Excel, save it as .xlsx and try again.',
  'import.errors.unknownIndustry': 'Unknown industry “{value}”: use an industry name or code from the template’s help sheet.',
}
