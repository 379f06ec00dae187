interface Signal {
  name: string;
  patterns: RegExp[];
}

/*
 * Named signals: hand-written patterns for what promotions and service texts share, given to the trained
 * model as features beside the n-grams (the model sets their weights; the names appear in its reasons).
 * They describe what promotions share rather than the wording of particular ones:
 *
 *   an OFFER       a discount, a coupon or credit, a cheap or struck-through price, a gift, a prize, points;
 *   PRESSURE       a deadline, scarcity, a countdown;
 *   a PUSH         an imperative to shop, a link, an app or group to join, a launch, a live stream;
 *   an AUDIENCE    "valued customer", members, "we miss you", what you viewed or bought before;
 *   SOLICITATION   reviews and surveys the buyer does not need to receive the order.
 *
 * Service texts share something else: a parcel, a courier, a pickup code, a refund or return, a
 * verification code, an order or invoice, a technician's visit, an address question.
 *
 * Patterns see the normaliser's `plain` text: NFKC, lower case, Simplified Chinese, single spaces.
 */

const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';

const SIGNALS: readonly Signal[] = [
  {
    // Bulk sender: only bulk marketing carries an unsubscribe footer.
    name: 'unsubscribe_footer',
    patterns: [
      /\b(?:reply|text|txt|send)\s+(?:stop|td|unsubscribe)\b|\bstop to (?:unsubscribe|opt[- ]?out|end|cancel|quit)\b/u,
      /\bto (?:unsubscribe|opt[- ]?out)\b/u,
      /\bmsg ?(?:&|and) ?data rates\b|\bmsg frequency\b/u,
      /(?:回复?|回覆|发送?)\s*(?:td|t|n|r|退订)\s*(?:退订|退|拒收)|退订\s*(?:请)?回复?\s*(?:td|t|n|r)\b|拒收请?回复?\s*(?:td|t|n|r)\b/u,
    ],
  },
  {
    // Offer: a percentage or multi-buy discount.
    name: 'discount_percent',
    patterns: [
      /\d+\s*% off|\b(?:save|extra|up to|take|get|enjoy) (?:an extra |an additional )?\d+\s*%|\d+\s*% (?:discount|savings|cheaper)/u,
      /\bbuy (?:one|1|two|2|three|3)\b.{0,20}\bget\b|\bbogo\b|\bhalf (?:price|off)\b|\b[2-4] for [1-3]\b|\bbundle (?:&|and) save\b/u,
      /(?<![\d.])\d{1,2}(?:\.\d)?\s*折|[一二三四五六七八九]折|半价|买[一二三两1-3]\S?送[一二1]|第[二2]件\S{0,3}(?:\d+元|0元|免费)/u,
      /(?:低|便宜|省|打)\s*[一二三四五六七八九\d]\s*成|[充买存]\s*\d+\s*送\s*\d+/u,
    ],
  },
  {
    // Offer: a coupon, code, voucher or credit.
    name: 'coupon',
    patterns: [
      /\b(?:coupon|voucher|promo code|discount code|welcome code|gift card)s?\b|(?<!%\s?)\bdiscounts?\b|\b(?:use|with) code\b/u,
      /\bcode [a-z]+\d+\b/u,
      /[$€£¥]\s?\d+(?:\.\d+)? (?:store |bonus |account )?(?:reward|bonus|credit|gift card|voucher)\b/u,
      /(?<!证|债|国)券(?!商)|优惠码|无门槛|红包|代金|抵用|话费/u,
    ],
  },
  {
    // Push: a sale, deal or campaign named as such.
    name: 'sale_event',
    patterns: [
      /\b(?:sales?|deals?|clearance|doorbusters?|flash sale|savings|offers?|gift (?:guide|ideas|sets?)|promotions?)\b|\bpromos?\b(?! code)|\b(?:weekend|daily|today'?s|holiday|seasonal) specials?\b/u,
      /\bbest ?sell(?:ers?|ing)\b|\b(?:cult|fan)[- ]favou?rites?\b|\btrade[- ]in\b/u,
      /大促|促销|特惠|清仓|秒杀|狂欢|盛典|周年庆|大酬宾|百亿补贴|福利|囤货|购物节|预售开启|抽奖|砍价|爆款|活动|特卖|聚划算|甩卖|大放送|回馈/u,
    ],
  },
  {
    // Push: shopping festivals and holidays that sales hang on.
    name: 'festival_day',
    patterns: [
      /(?<![\d.])(?:11\.11|6\.18|12\.12|3\.8)(?![\d.])|(?<!\d)(?:618|双\s*11|双\s*12|双十一|双十二)(?!\d)/u,
      /\bblack friday\b|\bcyber (?:monday|week)\b|\bprime (?:big deal )?days?\b|\bsingles'? day\b|\bdouble (?:11|eleven|12|twelve)\b|\bboxing day\b/u,
      /\bmember'?s? day\b/u,
      /\b(?:mother|father)'?s day\b|\bvalentine|\bchristmas\b|\bthanksgiving\b|\blabou?r day\b|\bmemorial day\b|\beaster\b|\bnew year'?s? (?:sale|deals?)\b/u,
      /\bhalloween\b|\bback to school\b|\bend of season\b|\bpresidents'? day\b|\bindependence day\b/u,
      /会员日|会员节|88vip|女王节|女神节|年货节|开学季|米粉节|黑色星期五|黑五|感恩节|母亲节|父亲节|情人节|圣诞|中秋|春节|元旦|国庆|年中|年终|端午|七夕|三八|暑期|五一(?![路大街道广])/u,
    ],
  },
  {
    // Pressure: a deadline or countdown on an offer (service deadlines come with service words below).
    name: 'limited_time',
    patterns: [
      /\btoday only\b|\bends (?:tonight|midnight|today|soon|in|at midnight|tomorrow|this)\b|\bbefore midnight\b|\blast (?:chance|call)\b|\bfinal (?:hours|days?|call)\b/u,
      /\b(?:hours?|days?) left\b|\blimited[- ]time\b|\blimited quantities\b|\bwhile (?:supplies|stocks?) last\b/u,
      /\bdon'?t (?:miss|wait)\b|\bhurry\b|\bcountdown\b|\bstarts? (?:now|today|tonight|tomorrow)\b/u,
      /\bexpir(?:es?|ing) (?:tonight|today|soon|tomorrow|this|in \d+ (?:days?|hours?))|\bbefore (?:they|it) expires?\b/u,
      new RegExp(
        `\\bexpir(?:es?|ing) (?:on )?${WEEKDAY}|\\bends ${WEEKDAY}|\\b(?:through|thru|until|till) ${WEEKDAY}|\\bthru \\d{1,2}/\\d{1,2}`,
        'u',
      ),
      /\b(?:this|the) (?:weekend|week|month) only\b|\bbefore it'?s gone\b|\b(?:weekend|\d+ days?|\d+ hours?|\d+h) only\b/u,
      /\b\d+ hours only\b|\bdeal ends\b|\bvalid (?:through|until|for \d+ days)\b|\bfor the next \d+ ?(?:h|hrs?|hours?|days?)\b/u,
      /限时|仅限今[天日]|今[天日]有效|今晚\s*\d+\s*[点:]|手慢无|错过|最后\s*[\d一二三两]\s*[天小时]|最后一[天波]|即将(?:过期|到期|清零|结束)|先到先得|名额有限|数量有限|抢完即止|今日限量/u,
      /过期|失效|倒计时|仅限本[周月]|截止|不见不散/u,
    ],
  },
  {
    // Pressure: few left, limited editions, first N customers.
    name: 'scarcity',
    patterns: [
      /\bonly \d+ (?:left|made|available|remaining)\b|\bselling (?:fast|out)\b|\b(?:almost|nearly) (?:gone|sold out)\b|\bbefore they sell out\b|\blow stock\b/u,
      /\bgoing fast\b|\blimited (?:edition|stock|release|run|drop)\b|\bfirst \d+ (?:customers|buyers|shoppers|people|orders)\b|\bsells? out again\b/u,
      /(?:仅|只)剩\s*\d+\s*[件个双]|即将售罄|库存紧张|限量|前\s*\d+\s*名|库存(?:有限|只有|仅)|卖断货|抢空/u,
    ],
  },
  {
    // Audience: orders are already placed; carts, wishlists, browsing and "time to buy again" are retargeting.
    name: 'retargeting',
    patterns: [
      /\bwish ?list\b|\b(?:your|in) (?:cart|bag)\b|\byou left something\b|\bcomplete your purchase\b|\bitems you left\b/u,
      /\bstill thinking about\b|\byou (?:viewed|browsed|liked|looked at)\b|\b(?:items?|products?) you saved\b/u,
      /\bready for a refill\b|\b(?:picks|chosen|chose) for you\b|\btime to (?:re)?stock up\b/u,
      /\brunning low\b|\byour favou?rites?\b/u,
      /购物车|收藏的|加购|之前看过|关注的|浏览过|补货时间|喝完了|用完了|吃完了|(?:之前|上次)买|买过|购买过|常买|心愿单/u,
    ],
  },
  {
    // Audience: the buyer is not asking for anything, the shop wants them back.
    name: 're_engagement',
    patterns: [
      /\b(?:we|i) miss you\b|\bmisses you\b|\bit'?s been (?:a while|ages|too long|\d+ (?:days|weeks|months))\b/u,
      /\bhaven'?t (?:seen|heard from) you\b|\bhaven'?t (?:ordered|shopped|visited|been back)\b|\bwelcome (?:you )?back\b|\bcome back and\b/u,
      /好久不见|想你|好久没|很久没|回归礼|回来看看/u,
    ],
  },
  {
    // Audience: selling something else on the back of a purchase.
    name: 'cross_sell',
    patterns: [
      /\byou(?:'d| would|'ll| will| might| may) (?:also )?love\b|\byou might (?:also )?like\b|\b(?:customers|shoppers|people) who bought\b|\balso (?:loved|bought|liked)\b/u,
      /\bpairs? (?:perfectly |well |nicely )?with\b|\bgoes (?:great|well) with\b|\badd matching\b|\bcomplete the look\b|\bextended warranty\b|\bprotection plan\b/u,
      /搭配|很配|配套|一起入|同系列/u,
    ],
  },
  {
    // Offer: rewards for bringing friends.
    name: 'referral',
    patterns: [
      /\brefer (?:a )?friends?\b|\binvite (?:a )?friends?\b|\byou both get\b/u,
      /邀请好友|好友助力|各得|帮您砍|砍价|集赞|转发朋友圈/u,
    ],
  },
  {
    // Offer: points to earn, redeem or lose.
    name: 'points_offer',
    patterns: [
      /\b(?:double|triple|bonus|\d+x) (?:points|rewards|stars)\b|\bpoints? (?:balance|expir)|\b(?:redeem|use) (?:them|your points)\b/u,
      /\bearn (?:\d+x |double |bonus |\d+ )?(?:points|rewards|stars)\b|\bpoints (?:expiring|are expiring|will expire)\b/u,
      /双倍积分|积分翻倍|积分.{0,8}(?:兑换|兑|抵|过期|清零|换)/u,
    ],
  },
  {
    // Push: shortened and shop links; carriers' tracking sites are left out on purpose.
    name: 'shop_link',
    patterns: [
      /(?<![\w.])(?:m\.)?tb\.cn\b|(?<![\w.])t\.cn\b|\bbit\.ly\b|(?<![\w.])3\.cn\b|\bu\.jd\.com\b|\bjd\.com\b/u,
      /\btaobao\.com\b|\btmall\.com\b|\btinyurl\.com\b|\bdwz\.cn\b|\burl\.cn\b|\betsy\.me\b/u,
      /\byangkeduo\.com\b|\bpinduoduo\.com\b|\baliexpress\.com\b|\bshpfy\.link\b|\bklvo\.io\b|\bamzn\.to\b/u,
      /\bs\.mi\.com\b|\bsuning\.com\b/u,
    ],
  },
  {
    // Push: any other link (carriers and payment pages send links too).
    name: 'web_link',
    patterns: [/https?:\/\/|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|cn|io|me|ly|link|app|shop|store|uk)\b/u],
  },
  {
    // Offer: a price presented as a bargain (from, was, instead of, 满减, 特价).
    name: 'price_promo',
    patterns: [
      /\b(?:only|just|from|now|starting at|as low as)\s*[$¥€£]\s*\d|\b(?:was|instead of|regularly|reg\.?|originally|retail)\s*[$¥€£]\s*\d|[$¥€£]\s*\d+(?:\.\d+)? off\b/u,
      /(?<![\d/.:-])\b(?:\d+|two|three|four) [a-z ]{0,30}for [$¥€£]\d|\bsave (?:up to )?[$¥€£]\d/u,
      /\bprices? (?:dropped|drop|slashed|cut)\b|\bunder [$¥€£]\d|\bup to [$¥€£]\d|\b(?:lowest|best|special) prices?\b/u,
      /\b(?:purchase|order|spend)s? (?:over|of) [$¥€£]\d|\bany [$¥€£]\d+ purchase\b|\bfirst (?:app |in-app )?order\b/u,
      /低至|满\s*\d+\s*减\s*\d+|满减|立减|直降|到手价|仅需|只要\s*\d+|现价|原价|\d+\s*元起|福利价|会员价|专享价|首发价|降价|可减\s*\d+|满\s*\d+\s*元/u,
      /一律\s*\d+\s*元|补贴\s*\d+|以旧换新|到手\s*\d|好价|特价|\d+\s*分钱|尝鲜价|[粉客]价|优惠价|比市场|划算|实惠|直销|出厂价/u,
    ],
  },
  {
    // Offer: a benefit that needs another purchase: "with any order", "when you spend", 满…送/减, 下单即….
    name: 'conditional_offer',
    patterns: [
      /\b(?:with|on) (?:any|every|all) (?:orders?|purchases?)\b|\bevery (?:order|purchase)\b|\bwhen you (?:spend|buy|shop|order)\b/u,
      /\b(?:on|for) (?:all )?(?:orders?|purchases?) (?:over|above)\b|\bspend [$¥€£]\d/u,
      /(?:下单|购买|消费|拍下|付款)(?:即|就|再|还)?(?:送|享|赠|返|得|领)|凡(?:在本店)?(?:购买|消费|下单)/u,
    ],
  },
  {
    // Offer: gifts, samples, prizes, draws, cashback.
    name: 'free_gift',
    patterns: [
      /\bfree (?:gift|trial|sample|mini)s?\b|\bbirthday (?:perks|treats?|gifts?)\b/u,
      /\bon us\b|\bsample pack\b|\bcomplimentary\b|\bdraw\b|\bgiveaways?\b|\bsweepstakes\b|\bprizes?\b|\bcontest\b/u,
      /\bgift with (?:every )?purchase\b|\bget \d+ free\b|\btry \d+ days free\b|\bchance to win\b|\bwin (?:a|an|up to|[$€£]?\d)\b|\benjoy (?:a |an )?free\b/u,
      /\bcash ?back\b/u,
      /(?:买|下单|购买|消费|满)[^，。,.!?！？]{0,8}送(?![货达到上])|赠品|[即再还]送|即赠|免单|免费[拿领送试得]|0元|试用装|礼包|福袋|好礼|礼品|提现|返现|返利|现金红包|抽取|中奖|抽中|奖品|赠送/u,
      /恭喜您?获得/u,
    ],
  },
  {
    // Offer: free shipping, unless it is service recovery ("free of charge").
    name: 'free_shipping',
    patterns: [
      /\bfree (?:\d+-day |next-day |standard |express )?(?:shipping|delivery)\b(?! (?:of charge|on this order))/u,
      /包邮|免运费|免配送费/u,
    ],
  },
  {
    // Push: launches, new collections, restocks.
    name: 'new_arrival',
    patterns: [
      /\bnew arrivals?\b|\bjust dropped\b|\bnew (?:season|collection)\b|\bthe \w+ collection\b|\brestocked\b/u,
      /\bjust (?:landed|launched|listed|arrived)\b|\bdrops? (?:on )?(?:today|tomorrow|mon|tue|wed|thu|fri|sat|sun)/u,
      /\bback in stock\b|\bit'?s back\b|\bnew drops\b|\bpre-?orders? (?:are |is )?(?:now )?open\b/u,
      /\bavailable to pre-?order\b|\b(?:is|are) back\b|\blaunch(?:es|ed|ing)?\b|\bintroducing\b|\bnow available\b/u,
      /\b(?:new|latest|spring|summer|fall|autumn|winter|holiday|seasonal) (?:collection|line|range|edit|styles|flavou?rs?|shades|colou?rs|blend|menu)\b/u,
      /\bour new\b|\b(?:new|exclusive|surprise|latest) drops?\b/u,
      /上新|新品|新款|新货|上了(?:一款|一批|新)|首发|补货|升级版|上架|新出|上市|开售|开卖|开抢|返场|限定|发布会|又到了/u,
    ],
  },
  {
    // Push: live streams and events the shop wants an audience for.
    name: 'live_event',
    patterns: [
      /\b(?:going |we'?re |be )?live (?:on|tonight|today|at|now)\b|\blivestream\b|\blive[- ]stream\b|\b(?:instagram|tiktok|facebook|youtube) live\b/u,
      /\bgrand opening\b|\banniversary\b|\byou'?re invited\b|\binvite[- ]only\b|\bpop[- ]up\b/u,
      /直播|开业|店庆|开播|新店/u,
    ],
  },
  {
    // Push: an imperative to shop, claim, try or come in.
    name: 'call_to_action',
    patterns: [
      /\b(?:shop|buy|order) (?:now|today|the|our|before|again|early|online)\b|\bbe the first to\b|\bdiscover\b|\breorder\b/u,
      /\bsubscribe (?:&|and) save\b|\bgrab (?:yours|one|it|a)\b|\bclaim (?:your|it|now|by)\b|\bredeem\b|\bcheck ?out now\b|\bcall now\b/u,
      /\bsign up\b|\bstock up\b|\bset (?:a|your) (?:reminder|alarm)\b|\blink in bio\b|\btap to (?:shop|claim|see|unlock)\b/u,
      new RegExp(`\\bshop ${WEEKDAY}|\\bcelebrate with us\\b|\\bcome (?:see|visit|shop|check)\\b|\\bsee what'?s new\\b`, 'u'),
      /\bplay now\b|\bshare your link\b|\bupgrade (?:to|now|today)\b|\bjoin (?:now|today|our)\b|\bcheck them out\b/u,
      /\btry (?:our|the new|it)\b|\btreat yourself\b|\buse (?:it|them) on\b/u,
      /\b(?:online|in the app) and in stores?\b|\bin stores? (?:and|or|&) online\b|\bin[- ]store (?:&|and|or) online\b/u,
      /抢购|速抢|快抢|速来|速领|点击(?:领取|查看|开通|抢|购买|了解|进入|参与)?|立即(?:领取|兑换|购买|抢|使用|查看|开通)|去看看|快来|戳|快去|赶紧|欢迎(?:到店|选购|咨询|办理|预约|光临)|到店(?:使用|选购|咨询|领取)|推荐|逛逛|选购|要不要看看|记得(?:预约|来)/u,
    ],
  },
  {
    // Push: channels the shop wants the buyer to join: its app, a club, a group chat, its social accounts.
    name: 'channel_push',
    patterns: [
      /\b(?:download|get|install) (?:the|our) (?:\w+ )?app\b|\bin-app\b|\bapp[- ]only\b|\bapp users\b/u,
      /\b(?:add|contact|message) (?:me|us|our \w+) on whatsapp\b|\bwhatsapp (?:us|me|\+?\d)/u,
      /\bfollow us\b|\btag us\b|\bnewsletter\b|\bsubscribe to\b|\bjoin (?:our|the) (?:\w+ )?(?:club|list|community|group|program(?:me)?)\b|\btext club\b/u,
      /下载.{0,12}app|app.{0,4}下载|公众号|关注(?:店铺|我们|直播间)|(?:粉丝|会员|vip|福利)群|加(?:个)?(?:微信|vx|wx)|入群|进群/u,
    ],
  },
  {
    // Audience: member and loyalty language.
    name: 'points_member',
    patterns: [
      /\bpoints?\b|\bvip\b|\bmembers?(?:hip)?\b|\bloyalty\b|\brewards?\b|\bperks\b/u,
      /\b(?:gold|silver|platinum) (?:status|tier|membership)\b/u,
      /积分|会员|京豆|淘金币|plus/u,
    ],
  },
  {
    // Audience: "exclusive", "valued customer", new-customer bait, your next order.
    name: 'exclusive_offer',
    patterns: [
      /\bexclusive\b|\bjust for you\b|\byou'?ve been selected\b|\byou'?ve unlocked\b|\bunlocked a\b|\bsomething special\b|\bvalued (?:customer|member)s?\b/u,
      /\bearly access\b|\bget it first\b|\bfirst dibs\b|\bmembers?[- ]only\b/u,
      /\bpersonali[sz]ed offers?\b|\byour next (?:\d+ )?(?:order|purchase)s?\b|\bloyal customers?\b|\bnew customers?\b/u,
      /专属|专享|老顾客|老客户?|老粉|回购|被选中|下次购买|新人|新用户|首单|幸运用户/u,
    ],
  },
  {
    // Solicitation: stores asking for ratings; the buyer does not need it to receive the order.
    name: 'review_request',
    patterns: [
      /\b(?:5|five)[- ]star\b|\b(?:leave|write|post|give) (?:us )?(?:a |an )?(?:\w+ )?review\b|\brate your (?:recent )?(?:purchase|experience|order)\b|\btap to review\b/u,
      /\b(?:rate|review) us\b|\btrustpilot\b|\bhow did we do\b/u,
      /五星|好评|晒图|追评|(?:给|求|帮|麻烦|期待).{0,8}评价|评价(?:一下|返|送|有礼|截图)/u,
    ],
  },
  {
    // Solicitation: surveys, which become marketing once a reward (an offer signal) joins them.
    name: 'survey',
    patterns: [
      /\bsurvey\b|\bquestionnaire\b|\btell us what you think\b|\byour (?:feedback|opinion) matters\b|\bshare your (?:feedback|thoughts|opinion)\b/u,
      /问卷|调查|调研|满意度/u,
    ],
  },
  {
    // Tone: hype punctuation and shopping emoji; too weak to matter alone.
    name: 'exclamation_hype',
    patterns: [/!{2,}|!.*!/u, /[🔥🎉💥⏰💕🎁✨💖🛍🧧🎊🤩😍🥳]/u],
  },
  {
    // Bulk SMS-speak: premium-rate and short-code calls to act, opt-out codes, charges per message.
    name: 'bulk_sms',
    patterns: [
      /\b(?:txt|text|send|reply)\s+[a-z]{2,10}\s+(?:to|2)\s+(?:\d{4,6}|[1-9x]x{3,5})\b|\bcall ?(?:2|to) ?opt ?out\b|\bstop ?(?:2|to) ?end\b/u,
      /\b\d{1,3}p\s?(?:\/|per |a )\s?(?:msg|min|minute|wk|week|day|text)\b|[£$]\d+(?:\.\d+)?\s?\/\s?(?:msg|min|wk|week)\b|\bper (?:msg|txt)\b|\bmsgs? rcvd\b|\d+ ?ppm\b/u,
      /\b09\d{8,9}\b|\bt&cs?\b|\btsandcs\b|\b1[68]\+|\bpo ?box ?\d|\bstd (?:msg |network )?(?:rates?|charges)\b|\bfreemsg\b|\bclaim code\b/u,
    ],
  },
  {
    // Premium-rate lines and the bait around them: "call 0906… from a landline", "£1/min".
    name: 'premium_rate',
    patterns: [
      /(?<!\d)(?:\+?44 ?|0)(?:9\d{2}|87\d)[\s-]?\d{3}[\s-]?\d{3,4}(?!\d)|(?<!\d)1[\s-]?900[\s-]?\d{3}/u,
      /\bfrom (?:a |ur |your )?land ?line\b|\bper min(?:ute)?\b|\/min\b|\bcalls? cost\b/u,
    ],
  },
  {
    // Chat, dating and "someone likes you" lines sold per message or minute.
    name: 'chat_line',
    patterns: [
      /\b(?:singles?|girls|guys|housewi(?:fe|ves)|admirer|flirt|crush)\b.{0,40}\b(?:chat|call|txt|text|meet|date|waiting|near)\b/u,
      /\b(?:secret (?:admirer|friend)|find out who)\b/u,
    ],
  },
  {
    // Prize lures: the buyer "has won" something they never entered for.
    name: 'prize_lure',
    patterns: [
      /\b(?:you|u|ur (?:mobile|number)|your (?:mobile|number))\b[^.!?]{0,30}\b(?:have|has|'ve)? ?(?:won|been (?:selected|awarded|chosen))\b|\bwinner\b|\bprize\b|\baward(?:ed)?\b|\bto claim\b/u,
      /中奖|获奖|幸运用户|抽中|兑奖|领奖|恭喜您/u,
    ],
  },
  {
    // Local-business lines: property, loans, courses, jobs, insurance, company introductions.
    name: 'local_business',
    patterns: [
      /\b(?:loans?|apr|credit (?:line|check|score)|bad credit|debt|remortgage|ppi|valuation|bed (?:flats|homes|apartments)|deposit from|show home|off-plan)\b/u,
      /\b(?:enrol|enroll|lessons?|course|tutors?|tuition|classes|hiring|vacanc(?:y|ies)|recruit\w*|per (?:hour|week|day)|\/(?:hr|day|wk|week)|insurance|quote|cover from)\b/u,
      /\b(?:salary|commission|your cv|shortlisted|work from home|earn (?:up to |extra )?[£$€]|paid daily|daily (?:pay|salary))\b/u,
      /贷款|借款|额度|放款|征信|首付|现房|楼盘|售楼|看房|招生|报名|试听|培训|课程|招聘|急聘|日结|兼职|保险|投保|续保|本公司|我公司|我司|承接|专业从事/u,
    ],
  },
  {
    // The vocabulary of Chinese shop promotions and openings, in any sentence.
    name: 'zh_promo_words',
    patterns: [/优惠|光临|惠顾|钜惠|巨惠|新老客户|酬宾|特价|低价|让利|大放价|开业|盛大|火爆|热销|抢购|满\s*\d+\s*[减省送]|限时/u],
  },
  {
    // Service: a parcel, courier, pickup, address or door.
    name: 'delivery_context',
    patterns: [
      /\b(?:parcel|package|courier|shipment|tracking|driver|rider|locker|porch|lobby|downstairs|redelivery|waybill|dispatched)\b/u,
      /\bout for delivery\b|\bdelivery (?:attempt|agent|location|fee|window|address|exception)\b|\bcash on delivery\b|\bdelivered\b/u,
      /\bpick ?up code\b|\bpost office\b|\bready for (?:pick ?up|collection)\b|\bin transit\b|\bon (?:my|the|its|his|her) way\b|\b(?:is|are|be|been|was|may be) delayed\b/u,
      new RegExp(
        `\\b(?:has|have|was|were) shipped\\b|\\b(?:ships|will ship) (?:today|tomorrow|on|within|next|${WEEKDAY})\\b`,
        'u',
      ),
      /\bat (?:the|your) (?:front )?door\b/u,
      /\bgate code\b|\bcustoms\b|\beta\b|\b(?<!email )address\b|\b(?:apt|suite|buzzer)\b|\breception\b|\bneighbou?r\b/u,
      /\b(?:tried|attempt(?:ed)?) to deliver\b|\b(?:estimated|scheduled for|expected) delivery\b|\bsignature required\b/u,
      /\bsigned (?:by|for)\b|\b1z[0-9a-z]{16}\b|\b[a-z]{2}\d{9}[a-z]{2}\b/u,
      /取件|快递|快件|包裹|派送|派件|配送员|驿站|签收|运单|骑手|丰巢|门口|楼下|门卫|投递|送货|发货|发出|已经?发了|货已经?发|物流|打包好|揽收|收货地址|门牌|预计.{0,16}(?:送达|到达)|货到付款|清关/u,
      /运费(?![券险])/u,
    ],
  },
  {
    // Service: refunds, returns, exchanges, repairs, compensation, manuals.
    name: 'after_sales_context',
    patterns: [
      /\brefund(?:ed|s)?\b|\breturn (?:label|window|request)\b|\byour return\b|\bexchange\b|\breplacement\b/u,
      /(?<!extended )\bwarranty\b|\brma\b|\bcompensat\w*|\bdamaged\b|\bbroken\b|\bwrong (?:item|size|colou?r)\b|\b(?:user )?manual\b|\binstructions\b/u,
      /退款|退货|换货|售后|补发|补偿|退回|价保|差价|退换|理赔|赔付|破损|瑕疵|错发|漏发|少发|补寄|质量问题|说明书|使用说明|教程/u,
    ],
  },
  {
    // Service: an installer's or technician's appointment.
    name: 'service_visit',
    patterns: [
      /\b(?:installation|installer|technician|engineer|appointment|repair|service visit)\b/u,
      /上门|安装|维修|检修|工单|预约单|取机/u,
    ],
  },
  {
    // Service: one-time codes, which only ever come on request.
    name: 'verification_code',
    patterns: [
      /\bverification code\b|\botp\b|\bone[- ]time (?:code|password|passcode)\b|\bsecurity code\b|\bpasscode\b|\bdon'?t share\b|\bdo not share\b/u,
      /验证码|校验码|动态码|切勿告知|请勿泄露/u,
    ],
  },
  {
    // Service: an order number, invoice, payment or stock problem on a placed order.
    name: 'order_status',
    patterns: [
      /\border (?:#|no\.? ?|number )?[a-z]?\d[\d-]{2,}\b|\border #?[a-z]\d+\b|\binvoice\b|\bpayment of\b|\bpayment failed\b|\bamount due\b/u,
      /\bout of stock\b|\bcancell?ed\b|\byour order (?:is|was|has been) (?:confirmed|ready|packed|delayed|split)\b/u,
      /订单号?\s*\d{6,}|尾款|发票|缺货|支付\s*¥|支付成功|付款成功/u,
    ],
  },
];

const HAN = /\p{Script=Han}/u;

/** The pattern's source cut at its top-level `|` (brackets and groups kept whole). */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, source.slice(start)];
}

/**
 * Patterns that can only match a text with Chinese characters: every top-level alternative starts with
 * (or consists of) Chinese. A text without any is not run through them, which halves the signals' cost
 * for English; `marketing-signals.spec.ts` checks this changes no verdict on the corpus.
 */
function needsHan(pattern: RegExp): boolean {
  return topLevelAlternatives(pattern.source).every((alternative) => HAN.test(alternative.replace(/\(\?:[^()]*\)\?/gu, '')));
}

const COMPILED = SIGNALS.map((signal) => ({
  name: signal.name,
  any: signal.patterns,
  latin: signal.patterns.filter((pattern) => !needsHan(pattern)),
}));

/** The names of the signals whose patterns match the (normalised, `plain`) text: features for the model. */
export function firedSignals(plain: string): string[] {
  const fired: string[] = [];
  const han = HAN.test(plain);
  for (const signal of COMPILED)
    if ((han ? signal.any : signal.latin).some((pattern) => pattern.test(plain))) fired.push(signal.name);
  return fired;
}

/** Every pattern run on every text, for the check above. */
export function firedSignalsUnoptimised(plain: string): string[] {
  return SIGNALS.filter((signal) => signal.patterns.some((pattern) => pattern.test(plain))).map((signal) => signal.name);
}
