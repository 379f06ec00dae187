export interface MarketingVerdict {
  marketing: boolean;
  score: number;
  /** Names of the positive signals that fired, shown to admins reviewing the filter. */
  reasons: string[];
}

interface Signal {
  name: string;
  /** Positive pushes towards marketing; negative is the language of an order in progress. */
  weight: number;
  patterns: RegExp[];
}

/** A text is marketing at this score: one strong signal, or two ordinary ones that agree. */
export const MARKETING_THRESHOLD = 3;

// Patterns see NFKC-normalised, lower-cased text with single spaces, so "ＯＦＦ" is "off" and "！" is "!".
const SIGNALS: readonly Signal[] = [
  {
    // Only bulk marketing carries an unsubscribe footer, so it blocks on its own.
    name: 'unsubscribe_footer',
    weight: 4,
    patterns: [
      /\b(?:reply|text|txt|send)\s+(?:stop|td|unsubscribe)\b|\bstop to (?:unsubscribe|opt[- ]?out|end|cancel|quit)\b/u,
      /\bto (?:unsubscribe|opt[- ]?out)\b/u,
      /\bmsg ?(?:&|and) ?data rates\b|\bmsg frequency\b/u,
      /(?:回复?|回覆|发送?)\s*(?:td|t|n|r|退订)\s*(?:退订|退|拒收)|退订\s*(?:请)?回复?\s*(?:td|t|n|r)\b|拒收请?回复?\s*(?:td|t|n|r)\b/u,
    ],
  },
  {
    name: 'discount_percent',
    weight: 2,
    patterns: [
      /\d+\s*% off|\b(?:save|extra|up to) (?:an extra )?\d+\s*%|\d+\s*% (?:discount|savings)/u,
      /\bbuy (?:one|1|two|2|three|3),? get (?:one|1)\b|\bbogo\b|\bhalf price\b|\b[2-4] for [1-3]\b/u,
      /(?<![\d.])\d{1,2}(?:\.\d)?\s*折|[一二三四五六七八九]折|半价|买[一二三两1-3]\S?送[一二1]|第二件\s*\d+元/u,
    ],
  },
  {
    name: 'coupon',
    weight: 2,
    patterns: [
      /\b(?:coupon|voucher|promo code|discount code|welcome code|gift card)s?\b|\b(?:use|with) code\b/u,
      /\bcode [a-z]+\d+\b/u,
      /券|优惠码|无门槛|红包/u,
    ],
  },
  {
    name: 'sale_event',
    weight: 1.5,
    patterns: [
      /\b(?:sales?|deals?|clearance|doorbusters?|flash sale|savings|offers?|gift (?:guide|ideas|sets?))\b/u,
      /\bbest ?sell(?:ers?|ing)\b|\b(?:cult|fan)[- ]favou?rites?\b|\btrade[- ]in\b/u,
      /大促|促销|特惠|清仓|秒杀|狂欢|盛典|周年庆|大酬宾|百亿补贴|福利|囤货节|购物节|预售开启|抽奖|砍价|爆款/u,
    ],
  },
  {
    name: 'festival_day',
    weight: 2,
    patterns: [
      /(?<![\d.])(?:11\.11|6\.18|12\.12|3\.8)(?![\d.])|(?<!\d)(?:618|双\s*11|双\s*12|双十一|双十二)(?!\d)/u,
      /\bblack friday\b|\bcyber (?:monday|week)\b|\bprime (?:big deal )?days?\b|\bsingles'? day\b|\bdouble (?:11|eleven|12|twelve)\b|\bboxing day\b/u,
      /\bmember'?s? day\b/u,
      /\b(?:mother|father)'?s day\b|\bvalentine|\bchristmas\b|\bthanksgiving\b|\blabor day\b|\bmemorial day\b/u,
      /\bhalloween\b|\bback to school\b|\bend of season\b/u,
      /会员日|会员节|88vip|女王节|年货节|开学季|米粉节|黑色星期五|黑五|感恩节|母亲节|父亲节|情人节|圣诞|中秋|春节|元旦|国庆|年中|年终/u,
    ],
  },
  {
    name: 'limited_time',
    weight: 1.5,
    patterns: [
      /\btoday only\b|\bends (?:tonight|midnight|today|soon|in)\b|\bbefore midnight\b|\blast chance\b|\bfinal hours\b/u,
      /\b(?:hours?|days?) left\b|\blimited[- ]time\b|\blimited quantities\b|\bwhile (?:supplies|stocks?) last\b/u,
      /\bdon'?t miss\b/u,
      /\bexpires? (?:tonight|today|soon|in \d+ days?)\b|\bbefore (?:they|it) expires?\b/u,
      /\bthis (?:weekend|week) only\b|\bbefore it'?s gone\b/u,
      /\b\d+ hours only\b|\bdeal ends\b|\bvalid (?:through|until|for \d+ days)\b/u,
      /限时|仅限今[天日]|今[天日]有效|今晚\s*\d+\s*[点:]|手慢无|错过等一年|最后\s*\d+\s*[天小时]|即将(?:过期|到期|清零)|先到先得|名额有限|数量有限|抢完即止|今日限量/u,
    ],
  },
  {
    name: 'scarcity',
    weight: 2,
    patterns: [
      /\bonly \d+ left\b|\bselling (?:fast|out)\b|\balmost (?:gone|sold out)\b|\bbefore they sell out\b|\blow stock\b/u,
      /\bgoing fast\b/u,
      /(?:仅|只)剩\s*\d+\s*[件个双]|即将售罄|库存紧张/u,
    ],
  },
  {
    // Orders are already placed; carts, wishlists, browsing and "time to buy again" are retargeting.
    name: 'retargeting',
    weight: 1.5,
    patterns: [
      /\bwish ?list\b|\b(?:your|in) (?:cart|bag)\b|\byou left something\b|\bcomplete your purchase\b/u,
      /\bstill thinking about\b/u,
      /\bready for a refill\b|\byou(?:'d| would|'ll| will| might) (?:also )?love\b|\byou might (?:also )?like\b/u,
      /\b(?:picks|chosen|chose) for you\b|\badd matching\b|\bcomplete the look\b|\btime to (?:re)?stock up\b/u,
      /\brunning low\b|\byour favou?rites?\b/u,
      /购物车|收藏的|加购|之前看过|关注的店铺|浏览过|补货时间|喝完了|用完了|(?:之前|上次)买|很配/u,
    ],
  },
  {
    name: 'referral',
    weight: 2,
    patterns: [
      /\brefer (?:a )?friends?\b|\binvite (?:a )?friends?\b|\byou both get\b/u,
      /邀请好友|好友助力|各得|帮您砍|砍价|集赞|转发朋友圈/u,
    ],
  },
  {
    name: 'points_offer',
    weight: 2,
    patterns: [
      /\b(?:double|triple|bonus|\d+x) points\b|\bpoints (?:balance|expire)|\bredeem (?:them|your points)\b/u,
      /双倍积分|积分翻倍|积分.{0,8}(?:兑换|抵|过期|清零)/u,
    ],
  },
  {
    // Shortened and shop links; carriers' tracking sites are left out on purpose.
    name: 'shop_link',
    weight: 1.5,
    patterns: [
      /(?<![\w.])(?:m\.)?tb\.cn\b|(?<![\w.])t\.cn\b|\bbit\.ly\b|(?<![\w.])3\.cn\b|\bu\.jd\.com\b|\bjd\.com\b/u,
      /\btaobao\.com\b|\btmall\.com\b/u,
      /\byangkeduo\.com\b|\bpinduoduo\.com\b|\baliexpress\.com\b|\bshpfy\.link\b|\bklvo\.io\b|\bamzn\.to\b/u,
      /\bs\.mi\.com\b|\bsuning\.com\b/u,
    ],
  },
  {
    name: 'price_promo',
    weight: 1.5,
    patterns: [
      /\b(?:only|just|from|now|starting at|as low as)\s*[$¥€£]\s*\d|\bwas [$¥€£]\d|[$¥€£]\s*\d+(?:\.\d+)? off\b/u,
      /\b\d+ for [$¥€£]\d/u,
      /\bprices? (?:dropped|drop|slashed)\b|\bunder [$¥€£]\d|\bup to [$¥€£]\d/u,
      /\b(?:purchase|order|spend)s? (?:over|of) [$¥€£]\d|\bany [$¥€£]\d+ purchase\b|\bfirst (?:app )?order\b/u,
      /低至|满\s*\d+\s*减\s*\d+|满减|立减|直降|到手价|仅需|只要\s*\d+|现价|原价|\d+\s*元起|福利价|会员价|专享价|首发价|降价|可减\s*\d+|满\s*\d+\s*元/u,
      /一律\s*\d+\s*元|补贴\s*\d+|以旧换新|到手\s*\d|好价|特价|\d+\s*分钱/u,
    ],
  },
  {
    name: 'free_gift',
    weight: 1.5,
    patterns: [
      /\bfree (?:gift|trial|sample|mini)s?\b|\bfree \w+ with (?:any|every)\b|\bbirthday (?:perks|treats?|gifts?)\b/u,
      /\bon us\b|\bsample pack\b|\bcomplimentary\b|\bdraw\b|\bgiveaway\b|\bsweepstakes\b/u,
      /\bgift with (?:every )?purchase\b|\bget \d+ free\b|\btry \d+ days free\b|\bchance to win\b|\bwin up to\b/u,
      /\bcash ?back\b/u,
      /(?:买|下单|购买|消费|满)[^，。,.!?！？]{0,8}送(?![货达到上])|赠品|[即再还]送|即赠|免单|免费[拿领]|0元|试用装|礼包|福袋|好礼|礼品|提现|返现|返利|现金红包|抽取|中奖/u,
      /恭喜您?获得/u,
    ],
  },
  {
    name: 'free_shipping',
    weight: 1,
    patterns: [/\bfree (?:\d+-day |next-day |standard )?(?:shipping|delivery)\b/u, /包邮|免运费/u],
  },
  {
    name: 'new_arrival',
    weight: 1.5,
    patterns: [
      /\bnew arrivals?\b|\bjust dropped\b|\bnew (?:season|collection)\b|\bthe \w+ collection\b|\brestocked\b/u,
      /\bjust (?:landed|launched|listed)\b|\bdrops? (?:on )?(?:today|tomorrow|mon|tue|wed|thu|fri|sat|sun)/u,
      /\bback in stock\b|\bit'?s back\b|\bnew drops\b|\bpre-?orders? (?:are |is )?(?:now )?open\b/u,
      /\bavailable to pre-?order\b|\b(?:is|are) back\b/u,
      /上新|新品|新款|新货|上了(?:一款|一批|新)|首发|补货了|升级版|上架/u,
    ],
  },
  {
    name: 'call_to_action',
    weight: 1.5,
    patterns: [
      /\b(?:shop|buy|order) (?:now|today|the|our|before|again)\b|\bbe the first to\b|\bdiscover\b|\breorder\b/u,
      /\bsubscribe (?:&|and) save\b|\bgrab yours\b|\bclaim (?:your|it|now|by)\b|\bredeem\b|\bcheck ?out now\b/u,
      /\bsign up\b/u,
      /\bplay now\b|\bshare your link\b|\bupgrade (?:to|now|today)\b|\bjoin (?:now|today|our)\b|\bcheck them out\b/u,
      /\bdownload (?:the|our) (?:\w+ )?app\b|\btry (?:our|the new)\b|\btreat yourself\b/u,
      /\b(?:online|in the app) and in stores?\b|\bin stores? (?:and|or) online\b/u,
      /抢购|速抢|快抢|速来|点击(?:领取|查看|开通|抢|购买)?|立即(?:领取|兑换|购买|抢)|去看看|快来看看|戳|快去|进群|欢迎(?:到店|选购)|到店(?:使用|选购)|推荐|逛逛|选购|要不要看看/u,
    ],
  },
  {
    name: 'points_member',
    weight: 1,
    patterns: [
      /\bpoints?\b|\bvip\b|\bmembers?\b|\bloyalty\b|\brewards?\b|\bperks\b/u,
      /\b(?:gold|silver|platinum) (?:status|tier)\b/u,
      /积分|会员|京豆|淘金币|plus/u,
    ],
  },
  {
    name: 'exclusive_offer',
    weight: 1,
    patterns: [
      /\bexclusive\b|\bjust for you\b|\bwe miss you\b|\byou'?ve been selected\b|\byou'?ve unlocked\b|\bunlocked a\b/u,
      /\bearly access\b|\bget it first\b|\bfirst dibs\b|\bhaven'?t (?:visited|shopped|seen you)\b|\bcome back and\b/u,
      /\bpersonali[sz]ed offers?\b|\byour next (?:order|purchase)\b|\bloyal customers?\b/u,
      /专属|专享|老顾客|老客户?|回购|被选中|下次购买/u,
    ],
  },
  {
    // Stores asking for ratings: the buyer does not need it to receive the order.
    name: 'review_request',
    weight: 3,
    patterns: [
      /\b(?:5|five)[- ]star\b|\bleave (?:us )?a review\b|\brate your (?:recent )?purchase\b|\btap to review\b/u,
      /\b(?:rate|review) us\b|\btrustpilot\b/u,
      /五星好评|好评返现|晒图/u,
    ],
  },
  {
    name: 'exclamation_hype',
    weight: 0.5,
    patterns: [/!{2,}|!.*!/u, /[🔥🎉💥⏰💕]/u],
  },
  {
    name: 'delivery_context',
    weight: -3,
    patterns: [
      /\b(?:parcel|package|courier|shipment|tracking|driver|rider|locker|porch|lobby|downstairs|redelivery)\b/u,
      /\bout for delivery\b|\bdelivery (?:attempt|agent|location|fee)\b|\bcash on delivery\b|\bdelivered\b/u,
      /\bpick ?up code\b|\bpost office\b/u,
      /\b(?:has|have|was|were) shipped\b|\b(?:ships|will ship) (?:today|tomorrow|on)\b|\bat the (?:front )?door\b/u,
      /\bgate code\b|\bcustoms\b|\beta\b/u,
      /\b(?:tried|attempt(?:ed)?) to deliver\b|\b(?:estimated|scheduled for) delivery\b|\bsignature required\b/u,
      /\bsigned (?:by|for)\b/u,
      /取件|快递|快件|包裹|派送|配送员|驿站|签收|运单|骑手|丰巢|门口|楼下|门卫|投递|送货|发货|发出|已经?发了|货已经?发|物流|打包好|收货地址|预计.{0,16}(?:送达|到达)|货到付款/u,
      /运费(?![券险])/u,
    ],
  },
  {
    name: 'after_sales_context',
    weight: -3,
    patterns: [
      /\brefund(?:ed|s)?\b|\breturn (?:label|window|request)\b|\byour return\b|\bexchange\b|\breplacement\b/u,
      /\bwarranty\b|\brma\b/u,
      /退款|退货|换货|售后|补发|补偿|退回|价保|差价|退换/u,
    ],
  },
  {
    name: 'verification_code',
    weight: -4,
    patterns: [
      /\bverification code\b|\botp\b|\bone[- ]time (?:code|password)\b|\bsecurity code\b|\bdon'?t share\b/u,
      /验证码|校验码|动态码|切勿告知|请勿泄露/u,
    ],
  },
  {
    name: 'order_status',
    weight: -2,
    patterns: [
      /\border (?:#|no\.? ?|number )?[a-z]?\d[\d-]{2,}\b|\border #?[a-z]\d+\b|\binvoice\b|\bpayment of\b/u,
      /\bout of stock\b|\bcancelled\b/u,
      /订单号?\s*\d{6,}|尾款|发票|缺货|支付\s*¥/u,
    ],
  },
];

function normalise(body: string): string {
  return body.normalize('NFKC').toLowerCase().replace(/[‘’`]/gu, "'").replace(/\s+/gu, ' ').trim();
}

/**
 * Transparent rule-based marketing filter: each signal in the table adds its weight once when any of its
 * patterns match, and a text is marketing when the total reaches the threshold. Tuned for precision,
 * since a blocked delivery text costs the buyer their parcel while a missed promotion costs a glance.
 */
export class MarketingClassifier {
  classify(body: string): MarketingVerdict {
    const text = normalise(body);
    let score = 0;
    const reasons: string[] = [];
    if (text.length > 0) {
      for (const signal of SIGNALS) {
        if (!signal.patterns.some((pattern) => pattern.test(text))) continue;
        score += signal.weight;
        if (signal.weight > 0) reasons.push(signal.name);
      }
    }
    return { marketing: score >= MARKETING_THRESHOLD, score, reasons };
  }
}
