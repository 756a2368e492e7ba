// Core strings of 路演 (ADR 033): navigation, the answers of every roadshow
// command, the notification group. Each roadshow branch adds its own module
// (roadshows-<part>.ts). zh first, en with the same keys.
export const zh = {
  'nav.roadshows': '路演',
  'roadshow.reason.invalid': '内容不完整或格式不正确',
  'roadshow.reason.unauthorized': '请先登录',
  'roadshow.reason.unavailable': '服务暂时不可用，请稍后重试',
  'roadshow.reason.not_found': '路演不存在',
  'roadshow.reason.forbidden': '您没有执行此操作的权限',
  'roadshow.reason.not_live': '路演尚未开始',
  'roadshow.reason.ended': '路演已结束',
  'roadshow.reason.rate_limited': '发言太频繁，请稍后再发',
  'roadshow.reason.muted': '您已被主持人禁言',
  'roadshow.reason.removed': '您已被主持人移出本场路演',
  'roadshow.reason.blocked_words': '内容包含不允许的词语，请修改后再发',
  'roadshow.reason.qa_closed': '本项目的提问已关闭',
  'roadshow.reason.poll_closed': '投票已结束',
  'roadshow.reason.scoring_closed': '本项目的评分已关闭',
  'roadshow.reason.no_item': '路演议程中没有这个项目',
  'roadshow.reason.not_verified': '仅已认证企业的成员可以登记意向',
}

export const en: Record<keyof typeof zh, string> = {
  'nav.roadshows': 'Roadshows',
  'roadshow.reason.invalid': 'Incomplete or badly formed',
  'roadshow.reason.unauthorized': 'Please sign in first',
  'roadshow.reason.unavailable': 'Temporarily unavailable, please try again',
  'roadshow.reason.not_found': 'Roadshow not found',
  'roadshow.reason.forbidden': 'You may not do this',
  'roadshow.reason.not_live': 'The roadshow has not started',
  'roadshow.reason.ended': 'The roadshow has ended',
  'roadshow.reason.rate_limited': 'Too many messages, please wait a moment',
  'roadshow.reason.muted': 'The host has muted you',
  'roadshow.reason.removed': 'The host has removed you from this roadshow',
  'roadshow.reason.blocked_words': 'The text contains words that are not allowed; please change it',
  'roadshow.reason.qa_closed': 'Questions on this item are closed',
  'roadshow.reason.poll_closed': 'The poll has closed',
  'roadshow.reason.scoring_closed': 'Scoring of this item is closed',
  'roadshow.reason.no_item': 'No such item on the agenda',
  'roadshow.reason.not_verified': 'Only members of verified enterprises can register intent',
}
