// Core strings of 科技成果竞价 (ADR 027): bid answers, the outbid notification,
// the notification group. Each auction branch adds its own module
// (auctions-<part>.ts). zh first, en with the same keys.
export const zh = {
  'nav.auctions': '成果竞价',
  'auction.bid.reason.closed': '本场竞价已结束或未处于竞价状态',
  'auction.bid.reason.not_open': '竞价尚未开始',
  'auction.bid.reason.ended': '竞价已结束，出价未被接受',
  'auction.bid.reason.not_registered': '您的单位未报名本场竞价',
  'auction.bid.reason.no_deposit': '保证金尚未确认到账，暂不能出价',
  'auction.bid.reason.own_lot': '不能对本单位的标的出价',
  'auction.bid.reason.leading': '您已是当前最高出价者',
  'auction.bid.reason.too_low': '出价低于当前最低应价 {min} 万元',
  'auction.bid.reason.format': '本场为密封报价，请提交密封报价',
  'auction.bid.reason.not_found': '竞价不存在',
  'auction.bid.reason.invalid': '出价格式不正确',
  'auction.bid.reason.unauthorized': '登录已失效，请重新登录',
  'auction.bid.reason.unavailable': '服务暂时不可用，出价未被接受，请重试',
  'notifications.kinds.auction_outbid': '您在「{title}」的出价已被超越，当前价 {price} 万元',
}

export const en: Record<keyof typeof zh, string> = {
  'nav.auctions': 'Auctions',
  'auction.bid.reason.closed': 'This auction has ended or is not open for bids',
  'auction.bid.reason.not_open': 'Bidding has not opened yet',
  'auction.bid.reason.ended': 'Bidding has ended; the bid was not accepted',
  'auction.bid.reason.not_registered': 'Your organisation has not registered for this auction',
  'auction.bid.reason.no_deposit': 'Your deposit has not been confirmed yet, so you cannot bid',
  'auction.bid.reason.own_lot': 'You cannot bid on your own organisation’s lot',
  'auction.bid.reason.leading': 'You are already the highest bidder',
  'auction.bid.reason.too_low': 'The bid is below the lowest acceptable amount of {min} (10,000 CNY)',
  'auction.bid.reason.format': 'This is a sealed-bid auction: submit a sealed bid',
  'auction.bid.reason.not_found': 'No such auction',
  'auction.bid.reason.invalid': 'The bid is not in a valid format',
  'auction.bid.reason.unauthorized': 'Your session has ended; please sign in again',
  'auction.bid.reason.unavailable': 'The service is unavailable; the bid was not accepted. Please try again',
  'notifications.kinds.auction_outbid': 'Your bid on “{title}” was outbid; the price is now {price} (10,000 CNY)',
}
