/**
 * Texts a buyer receives through a relay number, labelled as the buyer would label them: `marketing` is
 * what they would not want without consent. Written before the classifier's rules, from what platforms,
 * stores and couriers really send; the hard cases carry a `note` saying why they got their label.
 */
export interface MarketingCorpusEntry {
  text: string;
  marketing: boolean;
  note?: string;
}

// Each list below holds one label, so a text cannot be filed under the wrong one.
type Unlabelled = Omit<MarketingCorpusEntry, 'marketing'>;

const MARKETING_EN: Unlabelled[] = [
  { text: 'Amazon: Prime Big Deal Days are here! Save up to 40% on top brands. Shop now: amzn.to/3xYz12 Reply STOP to opt out' },
  { text: 'BLACK FRIDAY starts NOW 🔥 Extra 30% off sitewide with code BF30. Ends midnight. Shop: bit.ly/bf-sale Txt STOP to end' },
  {
    text: 'Your favourite sneakers are back, only 3 left in your size.',
    note: 'restock push with no sale word, no price, no link',
  },
  { text: "Hi Anna, we miss you! Here's 15% off your next order: WELCOME15. Valid through Sunday." },
  { text: 'Cyber Monday: buy one get one 50% off all hoodies. Today only at northpeak.com/cm' },
  { text: "Flash sale! Everything under $20 for the next 6 hours. Don't miss out: shpfy.link/a8Kd" },
  {
    text: 'Your order benefits: claim your $20 voucher before midnight at rewards.shopmate.co',
    note: 'promotion disguised as a service message: says "your order" but carries no news about it',
  },
  {
    text: 'Thanks for shopping with us! Please leave us a 5-star review on Amazon, it really helps a small business like ours.',
    note: 'review solicitation from the store: not needed to receive the order, a buyer who gave no consent would not want it',
  },
  { text: 'New arrivals just dropped: the Spring Linen collection. Be the first to shop → lumen.co/new' },
  {
    text: 'The price dropped on an item in your wishlist: Sony WH-1000XM5 now $278 (was $399).',
    note: 'price-drop alert the buyer never asked for through an order number',
  },
  {
    text: "You've earned 500 bonus points! Redeem them for $5 off before they expire on 6/30. Msg&data rates may apply. Reply STOP to unsubscribe.",
  },
  { text: 'VIP early access: our Summer Sale opens for members 24 hours early. Use code VIPEARLY.' },
  { text: 'Free gift with every purchase over $50 this weekend only! While supplies last.' },
  {
    text: 'Last chance!! Your cart is about to expire. Complete your purchase now and get free shipping.',
    note: 'abandoned cart: no order exists yet',
  },
  { text: 'You left something behind 👀 The Merino Crew Sweater is still in your cart. Checkout now: bit.ly/3kP0q' },
  { text: 'Happy Birthday, Sam! 🎂 Treat yourself with 20% off, our gift to you. Code BDAY20, valid 7 days.' },
  {
    text: "Mother's Day is May 12. Order by May 8 for guaranteed delivery. Gifts she'll love from $19.99 at petalandstem.com",
    note: 'promotion that talks about delivery',
  },
  { text: "Singles' Day 11.11: up to 70% off electronics, 24 hours only. AliExpress: a.aliexpress.com/_mK2x" },
  { text: "Hey it's Jess from Glow Studio 💕 We just restocked our bestselling serum. Grab yours before it's gone again!" },
  { text: 'Refer a friend and you both get $10 credit. Share your link: ref.boxly.com/u/88213' },
  {
    text: 'Upgrade to Prime today and get free 2-day delivery on millions of items. Try 30 days free.',
    note: 'upsell that talks about delivery and "free"',
  },
  { text: 'Spin the wheel for a chance to win up to $100 off! Play now: play.dealzone.com' },
  { text: 'EXCLUSIVE: members save an extra 10% this week. Log in to see your personalised offers.' },
  { text: "Don't forget: double points on all purchases this Saturday at all Target stores." },
  { text: "We're having a warehouse clearance, prices slashed on 500+ items. Shop before it's gone." },
  { text: 'Back in stock & selling fast: the Dyson Airwrap. Order today, limited quantities.' },
  {
    text: 'Rate your recent purchase and get 100 bonus points! Tap to review: rvw.io/x7',
    note: 'review solicitation paid in points',
  },
  { text: 'Black Friday deals start early: doorbusters from $4.99. Shop now at walmart.com/bf' },
  { text: 'Your exclusive coupon is waiting: $15 off $75. Expires tonight at 11:59pm.' },
  { text: 'Summer is here ☀️ Swimwear starting at just $12. Shop the collection.' },
  {
    text: 'Because you bought the iPhone case: you might also like our MagSafe chargers, 25% off for you.',
    note: 'cross-sell that refers to a past purchase',
  },
  { text: 'Tick tock ⏰ Only 3 hours left to get 2 for $30 on all candles!' },
  { text: 'GOOD NEWS: your points balance of 2,450 can be used as $24.50 off your next purchase. Shop now.' },
  {
    text: 'Join our loyalty club for free and get 10% off every order, early access to sales and birthday treats. Sign up: bit.ly/joinclub',
  },
  { text: 'Prime Day deal alert: Echo Dot just $22.99 (55% off). Deal ends in 12h.' },
  { text: "Hi from Coco's Bakery! Pre-order your Christmas cakes now and save 15%." },
  { text: 'FINAL HOURS: End of Season Sale up to 60% off. Reply STOP to opt out' },
  {
    text: "Welcome to the family! Here's your 10% welcome code: HELLO10. Msg frequency varies. Reply HELP for help, STOP to cancel.",
  },
  { text: 'New season, new you. Discover the AW24 collection online and in store.', note: 'soft brand push, no price' },
  { text: 'Free shipping on everything this weekend, no minimum. Use code SHIPFREE at checkout.' },
  { text: "Earn 3x points on all beauty purchases through Sunday. Not a member yet? It's free to join." },
  { text: 'Your $10 reward expires in 3 days! Use it on anything in store or online.' },
  { text: 'Psst… secret sale for SMS subscribers only: 40% off, link inside: klvo.io/s/9kd' },
  { text: 'Stock up & save: buy 3, get 1 free on all vitamins. Offer valid until 30 Nov.' },
  { text: "We've added new deals to your Deals of the Day. Check them out in the app." },
  { text: 'HUGE SAVINGS ON TVS!!! 65" 4K from $399. In stores and online now.' },
  {
    text: "Dear customer, as a thank-you for your recent order, you've been selected for a free trial of our premium coffee subscription. Claim by Friday: brewbox.com/trial",
    note: 'promotion disguised as an order thank-you',
  },
  { text: "It's our 5th anniversary 🎉 Celebrate with us: 25% off storewide, this week only." },
  { text: 'Order again? Your usual dog food is 20% off with Subscribe & Save.' },
  { text: 'ＥＸＴＲＡ ３０％ ＯＦＦ ＴＯＤＡＹ ＯＮＬＹ！ Ｓｈｏｐ ｎｏｗ： ｂｉｔ．ｌｙ／ｘ９', note: 'full-width Latin' },
  { text: 'sHoP oUr BiGgEsT sAlE eVeR - 50% OFF EvErYtHiNg', note: 'mixed case' },
  {
    text: 'Your order #88123 has unlocked a reward: 20% off your next purchase. Redeem in the app before Sunday.',
    note: 'promotion hiding behind a real order number: it says nothing about that order',
  },
  {
    text: 'Thanks for your purchase! Complete this 1-minute survey for a chance to win a $500 gift card.',
    note: 'sweepstakes survey after a purchase',
  },
];

const MARKETING_ZH: Unlabelled[] = [
  { text: '亲，您收藏的宝贝降价了，赶紧去看看吧~', note: 'price-drop push with no sale word' },
  { text: '【天猫】双11狂欢节火热进行中！全场满300减50，跨店可叠加，戳 tb.cn/xYz7 回TD退订' },
  { text: '【京东】618年中大促开启，爆款低至5折，PLUS会员再享95折，点击 3.cn/1a2B 抢购！退订回T' },
  { text: '【拼多多】恭喜您获得一张10元无门槛优惠券，今晚24点过期，点击领取 yangkeduo.com 退订回T' },
  { text: '【唯品会】会员日专享：大牌美妆2折起，限时3天，速抢！拒收请回复R' },
  {
    text: '亲，您的订单福利已到账：¥20 无门槛券，今晚24点前领取有效哦~',
    note: 'promotion disguised as a service message: "your order benefits" with nothing about the order',
  },
  {
    text: '亲，收到宝贝满意的话给个五星好评哦，好评截图发客服返现5元~',
    note: 'review paid in cashback (好评返现): solicitation, and against platform rules',
  },
  { text: '【88会员节】88VIP专享：大额消费券每天可领，天猫超市满88减20，回TD退订', note: "88 Member's Day with the footer" },
  { text: '亲爱的会员，您有1280积分即将过期，可兑换20元话费，立即兑换：t.cn/A6xYz 回复TD退订' },
  { text: '新品上市！春季新款连衣裙首发价仅需99元，前100名下单再送精美礼品一份' },
  { text: '【小米商城】米粉节限时特惠，Redmi K70 直降300元，到手价1999元起，点击抢购 s.mi.com/x' },
  { text: '亲，店铺周年庆啦！全场买二送一，还有神秘赠品等你来拿~' },
  { text: '【苏宁易购】双十二年终盛典，家电满1000减200，以旧换新最高补贴800元，详情 suning.com' },
  { text: '您好，您关注的店铺上新啦，新人首单立减10元，点击查看' },
  { text: '【美团】您有一个外卖红包待领取，最高可减15元，今日有效' },
  { text: '亲，我们家的秋冬新款已经上架啦，老顾客专享8折，私聊客服领取专属优惠码哦' },
  { text: '【京东】您的京豆即将过期，现在去兑换可抵扣现金，戳 jd.com 使用 退订回T' },
  { text: '限时秒杀！原价399现价99，仅限今天，手慢无！' },
  { text: '【天猫超市】开学季囤货节，零食饮料第二件半价，满99包邮，退订回T' },
  {
    text: '亲～您购买过的洗衣液又到补货时间啦，现在回购享会员价，再送试用装一份',
    note: 'repurchase push that refers to a past order',
  },
  { text: '【拼多多】砍价免费拿！您的好友已帮您砍了80%，再邀请一位即可免费领取，点击 p.pinduoduo.com' },
  { text: '【网易严选】3.8女王节，精选好物3件7折，会员额外95折，回复TD退订' },
  { text: '亲，本店参加了百亿补贴活动，您之前看过的空气炸锅现在只要129元了' },
  { text: '年货节来啦！坚果礼盒满199减100，下单还送福袋，戳链接 m.tb.cn/h.Ab12' },
  { text: '【抖音商城】直播间今晚8点开播，福利价1元秒杀，还有整点抽奖，不见不散！' },
  { text: '尊敬的会员，双倍积分日来啦！今日消费积分翻倍，积分可抵现金使用。退订回复T' },
  { text: '您有一份专属礼包待领取：满200减30券+免单抽奖机会，仅剩最后1天' },
  { text: '【唯品会】您购物车中的商品即将售罄，库存仅剩3件，快去结算吧', note: 'abandoned cart' },
  { text: '亲，新店开业大酬宾，关注店铺即送5元无门槛优惠券，数量有限先到先得' },
  { text: '【京东PLUS】开通PLUS会员首年仅需99元，每月领运费券和神券，点击开通' },
  { text: '黑色星期五海淘狂欢，海外直邮低至3折，包税包邮，速来！' },
  { text: '【天猫】618预售开启，付定金立减，定金膨胀最高翻10倍，回TD退订' },
  { text: '亲，您的专属客服小美来啦～本周店铺会员日，全场9折，还可以叠加店铺券哦', note: 'member day without the footer' },
  { text: '邀请好友下单，您和好友各得15元现金红包，上不封顶！' },
  { text: '【蘑菇街】夏日清仓，全场39元起，错过等一年！退订回N' },
  { text: '宝贝亲，您上次买的面膜我们出了升级版，老客回购直接立减20，链接给您放这了：tb.cn/abc' },
  { text: '【京东】恭喜您被选中参与新品试用，0元申领，名额有限，点击 u.jd.com/xK9 领取' },
  { text: '【淘宝】您的淘金币即将清零，快去兑换好礼！' },
  {
    text: '亲，收到货给个五星好评吧，您的支持是我们最大的动力～',
    note: 'review solicitation with no reward: still not something the buyer needs to get the order',
  },
  {
    text: '【拼多多】您有一笔2元现金待提现，再领0.5元即可提现到微信，点击领取',
    note: 'gamified cash bait that reads like a payment',
  },
  { text: '全场大促！！！最后3小时！！！' },
  { text: '【饿了么】周末吃好点，大牌满40减20，今日限量，抢完即止' },
  { text: '亲爱的顾客，感恩节感恩回馈，凡在本店购物满500元即赠价值99元的保温杯一个' },
  { text: '【屈臣氏】会员专享：今日起至周日，第二件1元，凭会员码到店使用' },
  {
    text: '亲～您喜欢的那款包包补货了，您的尺码只剩2个了，要不要给您留一个？',
    note: 'restock push with no keyword, phrased as a personal favour',
  },
  { text: '【天猫】双１１狂欢，全场满３００减５０！戳ｔｂ．ｃｎ／ＸＹＺ，回ＴＤ退订', note: 'full-width digits and Latin' },
  { text: '亲，您的会员等级已升级为金卡，可享专属折扣和生日礼包，快来看看' },
  { text: '【优衣库】感谢您成为会员，本周末会员专享价上线，部分商品低至59元，欢迎到店选购' },
  { text: '下单立享顺丰包邮，次日送达，全场满199减30，限时三天', note: 'promotion that names a courier and delivery' },
  { text: '【京东】您有一张运费券即将到期，快去下单吧' },
  {
    text: '您的订单 20240511889 已获得返利资格，点击领取 ¥15 返现红包，今日有效',
    note: 'promotion hiding behind a real order number',
  },
  { text: '亲，感谢您的信任～店铺粉丝群已开通，进群每天9点发红包、抢半价秒杀，加微信 shop8888 进群' },
];

const LEGITIMATE_EN: Unlabelled[] = [
  { text: 'Your parcel will arrive between 14:00-16:00, pickup code 6-2-4031.', note: 'numbers, a time window and a code' },
  {
    text: 'UPS: Your package 1Z999AA10123456784 is out for delivery today. Track: ups.com/track?tracknum=1Z999AA10123456784. Reply STOP to opt out.',
    note: 'carriers add an opt-out footer to transactional texts too: the delivery news wins',
  },
  {
    text: 'FedEx: We missed you. Free redelivery is available, schedule it at fedex.com/redelivery or pick up at the FedEx Office on 5th Ave after 3pm.',
    note: '"free" redelivery',
  },
  { text: "Amazon: Your package with 'Anker USB-C Charger' has shipped! Arriving Tuesday. Track at amzn.to/3Fq9Lk", note: 'short link' },
  {
    text: 'DHL Express: Import duty of €23.40 is due for shipment 1234567890. Pay online to avoid delivery delay: del.dhl.com/pay',
    note: 'an amount to pay and a link',
  },
  { text: "Hi, this is Marco, your courier. I'm downstairs with your parcel, can you come down?" },
  { text: "I'm at the front door, nobody answers. Shall I leave it with the neighbour?", note: 'courier, casual' },
  { text: 'Cash on delivery: please prepare $128.50 exact change, driver arrives 10-12am.', note: 'COD amount' },
  { text: 'Your refund of $59.99 for order #112-4432190 has been approved and will appear in 3-5 business days.' },
  { text: 'Your return has been received at our warehouse. Refund of £34.00 will be issued to your original payment method.' },
  { text: "Your verification code is 482913. It expires in 10 minutes. Don't share it with anyone." },
  { text: 'Your exchange is approved: the size 10 replacement ships today at no extra cost.' },
  { text: 'Great news! Your package is out for delivery today!!', note: 'hype punctuation on a delivery text' },
  {
    text: "Order #58213 confirmed: 2 items, total $45.99 (you saved $10.00 with code SPRING10). We'll text you when it ships.",
    note: 'order confirmation that mentions the discount code the buyer used',
  },
  {
    text: 'Sorry, the blue hoodie (M) you ordered is out of stock. Reply 1 to wait 5 days for restock or 2 for a full refund.',
  },
  {
    text: 'Your order qualifies for a free gift (tote bag). It was packed in a separate box and ships tomorrow.',
    note: '"free gift" that is part of the order already placed',
  },
  { text: 'Delivered: your package was left at the front porch at 2:14 PM. Photo: amzn.to/4Ph2q' },
  {
    text: 'USPS: Delivery attempted, no access to delivery location at 11:05 am. Redelivery is free, reply 3 or visit usps.com/redelivery.',
  },
  {
    text: "Your order has shipped! Tracking number 9400 1000 0000 0000 0000 00. Plus, here's 15% off your next order: THANKS15.",
    note: 'shipping notice with a promo tail: blocking it would lose the tracking number, so it passes',
  },
  { text: "Hi, it's Kim from Bloom Florist. The driver can't find your building, is it the one behind the pharmacy?" },
  { text: 'Your pickup code is 7731. Your parcel is in locker #14 at InPost Station Rue de Rivoli, available until Friday 20:00.' },
  {
    text: 'Reminder: your return window for order #7781 closes on 12 March. Print your free return label: returns.zara.com',
    note: 'a deadline and "free" in after-sales',
  },
  { text: 'Your payment of $89.00 failed. Please update your card within 48 hours or your order will be cancelled.' },
  { text: 'Driver update: running 15 min late due to traffic, ETA now 6:45pm. Sorry!' },
  { text: 'Your repair request RMA-20931 has been approved. Ship the device with the prepaid label; turnaround is 5-7 days.' },
  { text: "Can you confirm the gate code for delivery? I'm at the entrance of Maple Court." },
  { text: 'Your package is held at the post office due to an incomplete address. Collect within 7 days with photo ID.' },
  {
    text: 'Heads up: the delivery fee for your order was waived because it arrived late. You were not charged the $4.99 fee.',
  },
  { text: 'Order #A77310 cancelled as requested. $212.40 will be refunded within 5 business days.' },
  { text: "Your Instacart shopper Maria is picking your items. Reply with any substitutions you'd like." },
  { text: "Maria: They're out of 2% milk, ok to replace with whole milk at the same price?", note: 'a percent that is not a discount' },
  { text: 'SF Express: Shipment SF1402938475 has cleared customs and is on the way to Shenzhen hub.' },
  { text: 'Your food is here! The rider is waiting in the lobby.' },
  {
    text: "Hi, it's the seller. I shipped your camera today via DHL, tracking 6789012345. Let me know if anything's wrong.",
  },
  {
    text: 'Warranty claim #WC-4410 approved. A replacement unit will be shipped free of charge within 3 business days.',
    note: '"claim" and "free of charge" in after-sales',
  },
  { text: 'Your price adjustment request has been approved: we refunded the $15.00 difference to your card.' },
  {
    text: 'Your store pickup order is ready! Bring your ID and order number 3345 to the customer service desk before 9pm Sunday.',
  },
  { text: 'Your Apple order W123456 will be delivered tomorrow between 9am-1pm. Someone must be available to sign.' },
  {
    text: 'OTP for your order delivery is 5521. Share it with the delivery agent only when you receive the package.',
  },
  { text: 'Your subscription box ships on the 15th. To skip this month, reply SKIP before the 12th.' },
  { text: 'Your invoice for order #90012 has been emailed to you. Total paid: $1,249.00 incl. VAT.' },
  {
    text: 'LAST ATTEMPT: we will try to deliver your parcel again tomorrow. After that it returns to sender.',
    note: 'shouting urgency on a delivery text',
  },
  {
    text: 'Your claim for the damaged item was approved. Keep the item; $25 was refunded to your original payment method.',
  },
  { text: 'ＹＯＵＲ ＰＡＣＫＡＧＥ ＨＡＳ ＢＥＥＮ ＤＥＬＩＶＥＲＥＤ． Ｐｉｃｋｕｐ ｃｏｄｅ： ８８２１', note: 'full-width Latin' },
  { text: 'UPDATE: Your Order Is Out For Delivery, Estimated Arrival 3-5PM.', note: 'title case' },
  { text: 'Hi! Just to let you know your custom mug is finished and will be posted tomorrow 😊 - Emma @ ClayCraft' },
  { text: 'Your Walmart order has been delivered. Items that were unavailable were refunded: $6.47.' },
  { text: "Hey, I'm your Uber Eats courier, I think I'm at the wrong entrance? Which door is 3B?" },
  { text: 'Your return label for order #4471: show the QR code at any UPS Store by Friday. Refund issued once scanned.' },
];

const LEGITIMATE_ZH: Unlabelled[] = [
  { text: '【菜鸟驿站】您的中通包裹已到幸福小区菜鸟驿站，请凭取件码6-2-4031于20:00前取件。' },
  {
    text: '【顺丰速运】您的快件SF1402938475已由快递员王师傅（电话：177****0000）派送，预计14:00-16:00送达，请保持电话畅通。',
  },
  { text: '【京东】您的订单已由配送员张师傅开始配送，预计今天 15:00-17:00 送达，配送员电话 138****1234' },
  { text: '在门口了，麻烦开下门', note: 'courier, casual' },
  { text: '我在楼下，方便下来拿一下吗？', note: 'courier, casual' },
  { text: '您好，快递放丰巢柜了，取件码 562318，24小时内免费', note: '"free" storage in a locker' },
  { text: '【拼多多】您的退款申请已通过，¥59.90 将原路退回，预计1-3个工作日到账。' },
  { text: '货到付款订单：请准备现金¥128，快递员预计下午3点前到。', note: 'COD amount' },
  { text: '【淘宝】验证码 384756，您正在进行身份验证，切勿告知他人。' },
  { text: '亲，您申请的退货已收到，经检查商品完好，退款¥239已提交，请注意查收。' },
  { text: '【中通快递】您的包裹已签收，签收人：门卫。如有疑问请联系快递员 135****8899。' },
  { text: '亲，您拍下的赠品已随包裹一起发出，请注意查收哦～', note: 'a gift that is part of the order, shop-style "亲…哦"' },
  { text: '亲，您的收货地址是否为 朝阳区建国路88号3号楼？请回复确认，我们今天下午发货。' },
  { text: '【京东】您的售后服务单 1234567 已审核通过，请将商品寄回，运费由京东承担。' },
  { text: '放门口可以吗？家里没人的话我放快递柜。' },
  { text: '您好，我是美团骑手，您的外卖已送到前台，麻烦下楼取一下' },
  { text: '【申通快递】您的快件因地址不详无法派送，请回复正确地址或联系网点 0571-88888888。' },
  { text: '亲，非常抱歉，您购买的蓝色M码暂时缺货，可以换成L码或者为您全额退款，您看怎么处理？' },
  {
    text: '【天猫】您参与的618预售商品尾款 ¥199 将于今晚20:00开始支付，请在48小时内完成付款，逾期定金不退。',
    note: 'names 618 and a price, but it is about a deposit the buyer already paid: missing it loses money',
  },
  { text: '【京东】您的价保申请已成功，差价 ¥30.00 已退回您的京东账户余额。', note: 'price protection refund' },
  { text: '您的快递员今天休息，包裹改为明天上午派送，给您带来不便敬请谅解。' },
  { text: '【韵达快递】您有一个包裹在驿站待取，取件码 3-1-2208，地址：大学城南门商业街12号，营业时间 9:00-21:00。' },
  {
    text: '亲，您的订单已发货，运单号 YT8833221100，圆通快递，预计2-3天到达。关注店铺可领5元优惠券哦～',
    note: 'shipping notice with a coupon tail: blocking it would lose the tracking number, so it passes',
  },
  { text: '【邮政EMS】您的邮件 EA123456789CN 因收件人不在，已改为二次免费投递，明天上午送达。', note: 'free redelivery, in Chinese' },
  { text: '您好，我是顺丰小哥，下午两点左右到，家里有人吗？' },
  { text: '亲，换货已经给您发出了，新的运单号 SF1300998877，请留意签收。' },
  { text: '【支付宝】您的账户于 10:32 支付 ¥89.00 给 某某旗舰店，如非本人操作请致电 95188。' },
  { text: '【京东】您的订单 2938475612 已拆分为2个包裹发出，请分别留意签收。' },
  { text: '亲，您的发票已开具，电子发票已发送至您的邮箱，请查收。' },
  { text: '【菜鸟】您的包裹已在途中，因天气原因预计延误1天，请耐心等待。' },
  { text: '快递到了，放在门卫室了，记得拿一下' },
  { text: '您好，这边是客服，您反馈的商品破损问题已为您申请补发，今天会重新发出，给您添麻烦了。' },
  { text: '【京东到家】您的订单已被骑手接单，预计30分钟内送达。' },
  { text: '【拼多多】您的订单已发货，商家使用极兔快递配送，运单号 JT3012345678901。' },
  { text: '亲，您的退款 ¥45.50 已经退回，因为您的订单漏发了一件，非常抱歉！' },
  { text: '验证码：526781，用于京东登录，5分钟内有效。请勿泄露。' },
  { text: '【顺丰速运】您的快件需收件人支付运费 ¥23，请提前准备，派送员将于今天下午送达。', note: 'freight to collect' },
  { text: '到楼下了，电梯坏了，您看能下来一趟吗？不方便的话我给您送上去' },
  {
    text: '【德邦快递】您的大件商品将于明天 9:00-12:00 送货上门并免费安装，请保持电话畅通。',
    note: '"free" installation that is part of the order',
  },
  {
    text: '亲，收到的商品如有任何质量问题，7天内可无理由退换货，运费我们承担，请直接联系客服。',
    note: 'after-sales reminder from the shop',
  },
  { text: '【菜鸟驿站】您的包裹已到达，取件码：８－２－１０２３，请尽快取件。', note: 'full-width digits' },
  { text: '【美团】您的订单骑手已取餐，正在飞奔向您，预计12:35送达！' },
  { text: '亲，您的订单因地址超出配送范围，无法发货，已为您办理退款 ¥68，请注意查收。' },
  {
    text: '【中国邮政】您的包裹需补缴关税 ¥56.20，请在3日内通过 ems.com.cn 完成缴纳，逾期将退回。',
    note: 'an amount, a deadline and a link',
  },
  { text: '亲，您的订单我们已经安排加急发货了，今天下午就能发出，请耐心等待～' },
  { text: '【ＪＤ】您的包裹已签收，如有问题请联系售后。', note: 'full-width Latin' },
  { text: '您好，我是京东快递员，您的包裹需要本人签收，请问您几点在家？' },
  { text: '亲，您购买的冰箱明天送货，需要提前腾出位置，安装师傅会另外联系您。' },
  { text: '【顺丰】您的快件SF1122334455已被丰巢智能柜(XX小区东门)签收，取件码 09762841，超过18小时将收取超时费。' },
  { text: '【淘宝】您的退货申请已同意，请在7天内寄回，退货地址：浙江省杭州市余杭区XX路1号，收件人：售后部。' },
];

export const MARKETING_CORPUS: MarketingCorpusEntry[] = [
  ...MARKETING_EN.map((entry) => ({ ...entry, marketing: true })),
  ...MARKETING_ZH.map((entry) => ({ ...entry, marketing: true })),
  ...LEGITIMATE_EN.map((entry) => ({ ...entry, marketing: false })),
  ...LEGITIMATE_ZH.map((entry) => ({ ...entry, marketing: false })),
];
