import { int, pick, type Family, type Slots } from './corpus-engine.js';

/**
 * Chinese texts (written in Simplified; the generator turns a share into Traditional): promotions from
 * shops, local businesses and bulk senders, and what couriers, sellers, friends and family really send,
 * including news-like sentences that share words with promotions (证券, 新浪, 评价).
 */

const num = (min: number, max: number) => (rng: () => number) => `${int(rng, min, max)}`;
// Real bulk texts often arrive with their numbers masked as x.
const masked = (rng: () => number) => pick(rng, ['xxx', 'xx', 'x', '1xx', 'xxxx', `${int(rng, 1, 9)}xx`]);

export const ZH_SLOTS: Slots = {
  shop: [
    '优衣库',
    '海澜之家',
    '屈臣氏',
    '名创优品',
    '良品铺子',
    '三只松鼠',
    '周大福',
    '老凤祥',
    '李宁',
    '安踏',
    '波司登',
    '苏宁易购',
    '国美电器',
    '沃尔玛',
    '永辉超市',
    '大润发',
    '美宜佳',
    '喜茶',
    '瑞幸咖啡',
    '肯德基',
    '麦当劳',
    '必胜客',
    '华为授权店',
    '小米之家',
    'OPPO专卖店',
    '丝芙兰',
    '百丽',
    '太平鸟',
    '森马',
    '美特斯邦威',
    '红蜻蜓',
    '自然堂',
    '完美日记',
    '本店',
    '小店',
    '鑫鑫服饰',
    '金牛火锅',
    '老王烧烤',
    '丽人美容院',
    '星光KTV',
    '健身工坊',
    '宝贝母婴店',
  ],
  product: [
    '羽绒服',
    '连衣裙',
    '运动鞋',
    '护肤品',
    '面膜',
    '口红',
    '手机',
    '电视',
    '冰箱',
    '空调',
    '洗衣机',
    '床品四件套',
    '零食大礼包',
    '茶叶',
    '白酒',
    '月饼',
    '粽子',
    '童装',
    '奶粉',
    '纸尿裤',
    '家具',
    '沙发',
    '床垫',
    '黄金首饰',
    '牛仔裤',
    '卫衣',
    '保温杯',
    '电饭煲',
    '扫地机器人',
    '耳机',
    '平板电脑',
    '行李箱',
    '火锅套餐',
    '会员卡',
  ],
  zhe: (rng) =>
    pick(rng, ['5折', '6折', '7折', '8折', '8.8折', '9折', '3.8折', '半价', '五折', '七折', '八折', '一折起', '2折起']),
  yuan: (rng) =>
    `${pick(rng, [9.9, 19.9, 29, 39, 49, 59, 68, 88, 99, 128, 158, 188, 199, 288, 299, 399, 588, 888, 999, 1288])}元`,
  man: (rng) =>
    pick(rng, [
      '满199减100',
      '满300减50',
      '满888省88',
      '满99减20',
      '满500减150',
      '满2000减300',
      '每满300减40',
      '满1000送200',
      '满88包邮',
      '满三件打七折',
    ]),
  reduce: (rng) => `${pick(rng, [5, 10, 20, 30, 50, 100, 200])}元`,
  n2: num(2, 60),
  n3: num(100, 999),
  xx: masked,
  date: (rng) => `${int(rng, 1, 12)}月${int(rng, 1, 28)}日`,
  date2: (rng) =>
    pick(rng, [
      `${int(rng, 1, 12)}月${int(rng, 1, 28)}日`,
      'x月x日',
      'xx月xx日',
      `${int(rng, 1, 12)}.${int(rng, 1, 28)}`,
      '本周六',
      '本周末',
      '明天',
      '即日起',
    ]),
  time: (rng) => pick(rng, [`${int(rng, 8, 22)}点`, `${int(rng, 8, 22)}:00`, `${int(rng, 8, 22)}点半`, '上午', '下午', '晚上']),
  phone: (rng) =>
    pick(rng, [
      `1${int(rng, 3, 9)}${int(rng, 100000000, 999999999)}`,
      `0${int(rng, 10, 99)}-${int(rng, 10000000, 99999999)}`,
      '1xxxxxxxxxx',
      '4008-xxx-xxx',
      `400-${int(rng, 100, 999)}-${int(rng, 1000, 9999)}`,
    ]),
  url: [
    't.cn/{code}',
    'm.tb.cn/{code}',
    'dwz.cn/{code}',
    'u.jd.com/{code}',
    'www.{domain}.com',
    'http://{domain}.cn',
    '{domain}.com/{code}',
    's.{domain}.cn/{code}',
  ],
  domain: ['vip', 'jdsale', 'shop88', 'hui', 'mall365', 'kfc', 'haier', 'youhui', 'fang', 'edu100', 'daikuan'],
  code: (rng) => Array.from({ length: 6 }, () => pick(rng, [...'abcdefghjkmnpqrstuvwxyz23456789'])).join(''),
  footer: [
    '回T退订',
    '退订回T',
    '回TD退订',
    '拒收请回复R',
    '退订回N',
    '回复TD退订',
    '回T退',
    '退订请回复TD',
    '回复N拒收',
    '',
    '',
    '',
  ],
  sign: ['【{shop}】', '[{shop}]', '{shop}：', '【{shop}】', ''],
  hype: ['', '', '！', '！！', '~', '🎉', '🔥', '！！！', '~~'],
  deadline: [
    '限时{n2}天',
    '仅限今天',
    '本周末截止',
    '{date}截止',
    '数量有限，先到先得',
    '手慢无',
    '活动仅剩{n2}天',
    '错过再等一年',
    '限时抢购',
    '今晚12点结束',
    '最后一天',
    '倒计时{n2}小时',
    '限量{n3}份',
  ],
  cta: [
    '点击{url}',
    '详询{phone}',
    '戳{url}抢购',
    '欢迎进店选购',
    '速来抢购',
    '详情请咨询{phone}',
    '立即领取{url}',
    '快来店里看看',
    '欢迎新老客户光临惠顾',
    '欢迎到店咨询',
    '打开APP查看',
    '搜索“{shop}”小程序',
    '微信同号{phone}',
    '加V信{phone}了解',
  ],
  festival: [
    '双十一',
    '双11',
    '双十二',
    '618',
    '年货节',
    '春节',
    '元宵节',
    '三八女神节',
    '五一',
    '端午节',
    '七夕',
    '中秋',
    '国庆',
    '圣诞',
    '元旦',
    '情人节',
    '母亲节',
    '父亲节',
    '开学季',
    '店庆',
    '周年庆',
    '黑五',
  ],
  prize: [
    'iPhone手机',
    '笔记本电脑',
    '现金{n3}0元',
    '华为手机',
    '价值{n3}0元大礼包',
    '金条',
    '汽车一辆',
    '电动车',
    '{n2}888元现金',
    '平板电脑',
  ],
  area: ['地铁口', '市中心', '高新区', '滨江', '学区', 'CBD核心区', '新城', '湖畔', '开发区', '高铁站旁'],
  course: [
    '英语',
    '雅思',
    '会计',
    '考研',
    '公务员',
    '少儿编程',
    '钢琴',
    '舞蹈',
    '书法',
    '美术',
    '驾校',
    '学历提升',
    '成人高考',
    '奥数',
    'PS设计',
    '瑜伽',
  ],
  job: ['普工', '快递分拣员', '服务员', '保安', '客服', '销售', '主播', '兼职打字员', '刷单员', '司机', '仓管', '保洁'],
  network: ['移动', '联通', '电信', '中国移动', '中国联通', '中国电信'],
  handset: ['华为Mate', 'iPhone', '小米', 'OPPO', 'vivo', '荣耀', '5G手机', '新款手机', '合约机'],
  name: ['张先生', '李女士', '王姐', '刘总', '陈老师', '小明', '阿强', '亲', '老板', '美女', '帅哥'],
};

export const ZH_MARKETING: readonly Family[] = [
  // Shop and brand promotions
  { kind: 'shop_promo', templates: ['{sign}{product}{zhe}{hype}{man}，{deadline}。{cta}{footer}'] },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}[新品上市|新款到店|春装上新|秋冬新款|夏季新品]{hype}[全场|部分商品|指定款]{zhe}，[会员再享|新客立减|下单送]{reduce}。{cta} {footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}[亲|亲爱的顾客|尊敬的会员]，本店{product}[大促|特惠|优惠|钜惠|清仓]进行中，[低至|只要|仅需]{yuan}，{deadline}。{cta}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{shop}[周年庆|店庆|开业大酬宾|感恩回馈]：[全场|所有商品]{zhe}，[进店有礼|到店即送精美礼品|消费满{n3}元送{reduce}]{hype}[欢迎新老客户光临|欢迎惠顾|期待您的光临]！{footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[钜惠来袭|惊喜不断|优惠多多|超值特惠]{hype}{shop}{product}[买一送一|第二件半价|买二送一|两件8折]，{date2}起，{deadline}。{cta}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}[本店|我店]{date2}[盛大开业|隆重开业|新店开张]，[开业期间|前三天]{zhe}，[凭短信|凭此短信]到店[领取礼品|免费品尝|送饮料一份]，地址：{addr}。{footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[清仓甩卖|最后清仓|换季清仓|工厂直销]{hype}{product}[亏本处理|全部{yuan}|一律{yuan}|低至{zhe}]，[售完即止|数量有限]，地址{addr}，电话{phone}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}[火锅|烧烤|自助餐|奶茶|咖啡]{hype}[双人套餐|四人餐|第二杯]只要{yuan}，[工作日|周一到周四|每天{time}后]{zhe}，[订座电话|预订]{phone}。{footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}[美容|美甲|美发|SPA|皮肤管理]限时[体验价|特价]{yuan}，[新客首次|老客带新客]到店[再送|赠送][护理一次|精油按摩|面膜{n2}片]，[预约|详询]{phone}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{shop}[直播间|官方直播]{date2}{time}[开播|准时开播]，[福利款|秒杀款]{yuan}起，[还有|更有][抽奖|免单|红包雨]{hype}[关注店铺|预约直播]不迷路 {url}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}您关注的{product}[降价啦|已到货|补货上架|限时特价]{hype}[现价|到手价]{yuan}，[比平时便宜|立省]{reduce}，{deadline}{url} {footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[好消息|特大喜讯|重磅消息]！{shop}{product}[厂家直销|工厂特卖|品牌特卖会]，[价格|全场]{zhe}，{date2}至{date}，[地址|地点]：{addr}，[欢迎光临|欢迎选购|不见不散]！',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{sign}[装修季|家装节]，[全屋定制|瓷砖地板|整体橱柜|卫浴]{zhe}，[签单送|下定即送][家电|{reduce}|全屋设计]，[免费量房|上门设计]预约{phone} {footer}',
    ],
  },
  // Member days
  {
    kind: 'member_day',
    templates: [
      '{sign}[会员日|超级会员日|VIP专享日]来啦{hype}[积分翻倍|双倍积分|积分抵现]，[会员价|专享价]{zhe}，[仅限|就在]{date2}。{cta}{footer}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      '{sign}尊敬的会员，您有{n3}积分[即将过期|将于月底清零|可兑换礼品]，[快来兑换|速来使用|到店可抵{reduce}]{hype}{url} {footer}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      '{sign}[生日快乐|祝您生日快乐]！[会员生日礼|专属生日券]已到账，[生日当月|本月内]消费{zhe}，[凭短信|到店]领取[蛋糕|礼品]。{footer}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      '[开通|办理|升级]{shop}[会员|VIP|PLUS会员][仅需|只要]{yuan}，[全年|每月]领{reduce}券，[免运费|专享价|积分加倍]{hype}{url}',
    ],
  },
  // Festival sales
  {
    kind: 'festival_sale',
    templates: ['{sign}{festival}[大促|狂欢|特惠|福利]{hype}{product}{zhe}，{man}，{deadline}。{cta}{footer}'],
  },
  {
    kind: 'festival_sale',
    templates: [
      '[{festival}快乐|喜迎{festival}|{festival}将至]！{shop}[感恩回馈|钜惠全城|好礼相送]，[全场|店内]{zhe}，[进店即送|购物满{n3}送]{reduce}，欢迎新老客户[光临|惠顾]！',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      '{sign}{festival}[预售|抢先购|提前购]开启，[定金|预付]{reduce}抵{n3}元，[前{n3}名|前{n2}名][半价|免单|送赠品]{hype}{url} {footer}',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      '{festival}[礼盒|礼品|福利][团购|特价|热销]：{product}[礼盒|套装]{yuan}起，[企业团购|批量订购]更优惠，[订购|咨询]热线{phone}',
    ],
  },
  {
    kind: 'festival_sale',
    templates: ['{sign}[限時|限时]{festival}特價{hype}[全館|全场]{zhe}起，{man}，{deadline}，[馬上搶|立即抢购]{url}'],
  },
  // Coupons and red packets
  {
    kind: 'coupon_redpacket',
    templates: [
      '{sign}[您有|恭喜获得|送您]一张{reduce}[无门槛券|优惠券|代金券|满减券]，[已存入账户|已到账]，{deadline}，[点击|立即]使用{url} {footer}',
    ],
  },
  {
    kind: 'coupon_redpacket',
    templates: [
      '{sign}[{n2}元红包|现金红包|新人红包]已发放到您的账户{hype}[下单直接抵扣|无门槛使用|{date2}前有效]，[去使用|戳]{url}',
    ],
  },
  {
    kind: 'coupon_redpacket',
    templates: [
      '[凭此短信|出示此短信]到{shop}[消费|购物][立减|可抵]{reduce}，[每人限用一次|{date}前有效|不与其他优惠同享]。{footer}',
    ],
  },
  {
    kind: 'coupon_redpacket',
    templates: [
      '[领券|抢券|抢红包]啦{hype}{shop}[大额券|神券|满减券][限量发放|每天{time}开抢]，{man}，[先领券再下单|领完即止]{url}',
    ],
  },
  {
    kind: 'coupon_redpacket',
    templates: [
      '{sign}[话费|流量]红包：[充{n3}送{n2}|充值立减{reduce}|缴费返{reduce}]，[仅限今日|本月有效]，[回复1领取|登录APP领取]',
    ],
  },
  // Handset and tariff
  {
    kind: 'handset_tariff',
    templates: [
      '{sign}[尊敬的客户|您好]，[{network}]推出[5G|流量|宽带]新套餐：[每月|月租]{yuan}[含|送][{n2}G流量|{n3}分钟通话|千兆宽带]，[办理请回复|详询]{xx}。{footer}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '[存话费送手机|0元购机|预存话费送]{handset}{hype}[{network}|营业厅]限时活动，[每月返还|分期返还][话费|{reduce}]，[地址|营业厅地址]{addr}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '{sign}您的[号码|手机号]已获[升级资格|免费升级5G资格|流量加油包]，[回复|发送][KT|Y|1]到{xx}[开通|领取]，[限时|本月]免费{hype}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: ['[以旧换新|旧机回收|新机首发]：{handset}[直降|补贴|优惠]{reduce}，[分期0利息|免息分期|送碎屏险]，{shop}{addr}'],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '[宽带|光纤]特惠{hype}[包年|两年]只要{yuan}，[免费安装|送路由器|送电视]，[新老用户均可办理|老用户续费{zhe}]，[咨询|报装]{phone}',
    ],
  },
  // Property
  {
    kind: 'property',
    templates: [
      '[{area}|城南|城东]{hype}[精装|现房|准现房][两房|三房|小户型][首付{n2}万起|总价{n2}万起|均价{n3}0元/平]，[地铁口|名校旁|配套成熟]，[看房热线|咨询]{phone}',
    ],
  },
  {
    kind: 'property',
    templates: [
      '【[{area}一号|滨江壹号|御景华府|天悦府|云栖湾]】[火爆认筹|盛大开盘|清盘特惠|尾房特价]{hype}[开盘当天|认筹客户]{zhe}，[送车位|送家电|送装修]，[售楼处|地址]：{addr}',
    ],
  },
  {
    kind: 'property',
    templates: [
      '[商铺|写字楼|公寓][出租|招商|出售]：[{area}|临街][黄金铺位|一楼旺铺]，[带租约|年回报8%|包租{n2}年]，[业主急售|价格可谈]，{phone}',
    ],
  },
  {
    kind: 'property',
    templates: [
      '[您好|业主您好]，[本公司|我司]专业[二手房买卖|房屋租赁|房产中介|房产评估]，[免费评估|快速成交|高价收房]，[有意请联系|详询]{name}{phone}',
    ],
  },
  // Courses
  {
    kind: 'course',
    templates: [
      '{sign}{course}[暑假班|寒假班|周末班|速成班]火热招生中{hype}[名师授课|小班教学|包过班]，[报名立减|早鸟价]{reduce}，[免费试听|咨询]{phone}',
    ],
  },
  {
    kind: 'course',
    templates: [
      '[家长您好|尊敬的家长]，{shop}[教育|培训中心]{course}课程[开课啦|新学期招生]，[前{n2}名报名送|报名即送][教材|{n2}节课|学习机]，[地址|上课地点]{addr}',
    ],
  },
  {
    kind: 'course',
    templates: [
      '[学历提升|成人高考|自考本科]，[国家承认|学信网可查]，[轻松拿证|不用考试|包过]，[限时|今年最后一期]学费{zhe}，[咨询|报名]{phone}{footer}',
    ],
  },
  {
    kind: 'course',
    templates: [
      '[零基础|在家]学{course}，[{n2}天|三个月]轻松掌握{hype}[免费体验课|直播公开课]{date2}{time}，[扫码|点击]报名{url}',
    ],
  },
  // Loans and insurance
  {
    kind: 'loan',
    templates: [
      '[急用钱|资金周转|缺钱]？[无抵押|免担保|凭身份证][贷款|借款]，[最高|额度]{n2}万，[当天放款|{n2}分钟到账|低息]{hype}[详询|咨询]{phone}{footer}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      '{sign}您的[信用额度|备用金|借款额度]已提升至{n2}000元，[日息低至0.0{n2}%|首月免息]，[立即|点击]提现{url} {footer}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      '[本公司|我司]办理[信用贷|房产抵押贷|车贷|企业经营贷]，[手续简单|利息低|额度高]，[黑户|征信不好]也可办，联系{name}{phone}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      '[信用卡|信用卡代还|大额信用卡][办理|提额|代办]，[下卡快|额度高|包下卡]，[有需要的朋友|有意者]请联系{phone}，[微信同号|V信同号]',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      '{sign}[百万医疗险|重疾险|意外险|车险]限时[特惠|优惠]：[每月仅需|首月]{yuan}，[最高保障|保额]{n3}万{hype}[点击投保|立即领取]{url}{footer}',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      '[车主您好|尊敬的车主]，您的车险[即将到期|快到期了]，[今年续保|在我司投保]可享{zhe}，[另送|还送][加油卡|洗车券|{reduce}]，咨询{phone}',
    ],
  },
  // Recruitment
  {
    kind: 'recruitment',
    templates: [
      '[高薪招聘|急聘|诚聘]{job}{n2}名，[月薪|底薪]{n2}000-{n2}000，[包吃住|日结|周结|五险一金]，[有意者|报名]请联系{phone}',
    ],
  },
  {
    kind: 'recruitment',
    templates: ['[在家|手机]兼职，[日赚|每天轻松赚]{n3}元，[时间自由|无需经验|宝妈学生均可]，[加微信|加V|联系]{phone}{hype}'],
  },
  {
    kind: 'recruitment',
    templates: [
      '{sign}[工厂直招|大厂招工]：[电子厂|食品厂|物流园]{job}，[工资|时薪]{n2}元/小时，[免费体检|包车接送]，[报名热线|电话]{phone}',
    ],
  },
  // Prize lures
  {
    kind: 'prize_lure',
    templates: [
      '[恭喜您|恭喜你的手机号|尊敬的用户，您]被[选为|抽中为]{shop}[幸运用户|二等奖|一等奖]，[获得|将获得]{prize}，[请登录|领取网址]{url}[领取|兑奖]，[验证码|兑奖码]{code}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[您的号码|您]在[周年庆|{festival}]抽奖活动中[中奖|获奖]{hype}[奖品|奖金]为{prize}，[请速与|请及时联系][客服|财务]{phone}[领取|办理手续]',
    ],
  },
  {
    kind: 'prize_lure',
    templates: ['[砸金蛋|转盘抽奖|扫码抽奖]{hype}[100%中奖|人人有奖|最高得{prize}]，[到店|关注公众号]即可参与，{deadline}'],
  },
  {
    kind: 'prize_lure',
    templates: ['[免费领|0元领|免费送]{product}{hype}[只需|仅需][支付运费|关注店铺|转发朋友圈]，[名额有限|每人限领一份]，{url}'],
  },
  // Re-engagement
  {
    kind: 're_engagement',
    templates: [
      '{sign}[好久不见|亲好久没来了|想您啦]{hype}[送您|为您准备了]{reduce}[回归礼包|专属券|无门槛红包]，[回来看看|快来逛逛]吧{url}{footer}',
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      '{sign}您[购物车|收藏夹]里的{product}[降价了|快被抢光了|即将售罄]，[现在下单|马上购买]立减{reduce}，{deadline}{url}',
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      '{sign}[亲|您好]，您上次购买的{product}[该补货了|快用完了吧]，[回购|再次购买]享{zhe}，[还送|加赠]小样{url}{footer}',
    ],
  },
  // Review requests
  {
    kind: 'review_request',
    templates: [
      '[亲|亲爱的]，[宝贝|商品]收到还满意吗？[给个五星好评|五星好评+晒图]，[返现|立返]{reduce}，[联系客服领取|截图发客服]哦{hype}',
    ],
  },
  {
    kind: 'review_request',
    templates: ['{sign}[邀您参与|诚邀您参加][满意度调查|问卷调研]，完成即[送|得]{reduce}[话费|红包|优惠券]，{url}{footer}'],
  },
  {
    kind: 'review_request',
    templates: [
      '[亲|买家您好]，[追评|好评]晒图[送|返]{reduce}红包，[期待您的好评|您的好评是我们最大的动力]{hype}[下次购买|再来]{zhe}',
    ],
  },
  // Cross-sells
  {
    kind: 'cross_sell',
    templates: ['{sign}[买了|购买]{product}的[顾客|亲]都在买{product}，[搭配购买|一起入手]{zhe}，[猜你喜欢|为你推荐]{url}'],
  },
  {
    kind: 'cross_sell',
    templates: [
      '{sign}[您的|亲的]{product}[可加购|推荐搭配][延保服务|配件礼包|清洗套装]，[仅需|只要]{yuan}，[回复1办理|点击]{url}',
    ],
  },
  {
    kind: 'cross_sell',
    templates: ['[下载|注册]{shop}APP，[新人专享|首单立减]{reduce}，[还有|更送][新人礼包|免单机会]{hype}{url}'],
  },
  // Local business and company introductions
  {
    kind: 'local_business',
    templates: [
      '[您好|老板您好]，[本公司|我公司]专业[承接|从事][装修|广告设计|网站建设|财务代账|公司注册|搬家|保洁|疏通下水道|开锁换锁]，[价格优惠|质量保证|诚信经营]，[欢迎来电|联系]{phone}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '{sign}[健身房|游泳馆|瑜伽馆]{date2}[开业|周年庆]，[年卡|季卡]{yuan}，[前{n3}名|前{n2}名][送私教课|半价]{hype}[地址|地点]{addr}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '[{shop}|本酒店|本会所][推出|新推]{festival}[套餐|宴席|聚会特惠]，[{n2}人桌|包厢]{yuan}起，[预订|订餐]{phone}，[欢迎新老客户光临|敬请光临]',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '[各位家长|各位业主|新老客户]：{shop}[专业|诚信][家政|月嫂|育儿嫂|保姆|搬家]服务，[持证上岗|满意再付款]，[本月|新客]{zhe}，{phone}',
    ],
  },
  {
    kind: 'local_business',
    templates: ['[专业|正规]发票[代开|办理]，[增值税|普通发票]，[可验证|真票]，[价格优惠|欢迎咨询]{phone}'],
  },
];

export const ZH_LEGITIMATE: readonly Family[] = [
  // Courier arrival
  {
    kind: 'courier_arrival',
    templates: [
      '[您好|你好]，[我是|这边是]{carrier}[快递|快递员|小哥]，[您的快递到了|有您的包裹]，[我在楼下|在小区门口|在您家门口]，[方便下来拿一下吗|麻烦下来取一下|您在家吗]？',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '{carrier_sign}[您的|你的]快递[已放|放在|已存放在][{station}|门卫室|前台|快递柜]，[请|麻烦][及时|尽快]取件{hype2}',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: ['[外卖到了|您的外卖到了|餐到了]，[放门口了|挂门把手上了|在楼下]，[趁热吃|记得拿一下|祝您用餐愉快]'],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '[送货师傅|配送员|司机][{time}左右|大概{n2}分钟后|今天下午]到，[家里有人吗|方便收货吗|请保持电话畅通]？[大件需要|冰箱需要][搬上楼|留人签收]',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: ['{carrier_sign}[您的|尾号{n4}的]包裹[正在派送|已到{station}|今天送达]，[派件员|快递员]{courier}，电话{phone}'],
  },
  // Pick-up codes
  {
    kind: 'pickup_code',
    templates: [
      '{carrier_sign}[取件码|凭取件码]{pin}，[您的包裹已到|请到]{station}[领取|取件]，[营业时间|开放时间]{time}至21点。',
    ],
  },
  {
    kind: 'pickup_code',
    templates: [
      '[丰巢|快递柜|智能柜]：[您的快递已存入|包裹已放入]{station}[{n2}号格口|快递柜]，取件码{pin}，[超时会收费|请在24小时内取出]。',
    ],
  },
  {
    kind: 'pickup_code',
    templates: ['[您|你]的[自提订单|门店自提]已备货，[凭提货码|出示提货码]{pin}到[门店|服务台]领取，[订单号|单号]{ref}。'],
  },
  // Address questions
  {
    kind: 'address_question',
    templates: [
      '[您好|你好]，[请问|我想问下]您[家|的地址]是[{n2}栋几单元|几号楼|哪个门|几楼]？[导航找不到|门牌号没写清楚|小区太大了]',
    ],
  },
  {
    kind: 'address_question',
    templates: [
      '[亲|您好]，[麻烦|请]核对一下收货地址：{addr_full}，[对吗|没问题吧|是否正确]？[确认后|确认好]我们[马上发货|就安排寄出]。',
    ],
  },
  {
    kind: 'address_question',
    templates: ['[门禁|小区门口|单元门][进不去|要刷卡|密码多少]，[能下来一下吗|麻烦开下门|告诉我密码可以吗]？'],
  },
  {
    kind: 'address_question',
    templates: ['[快递员|师傅]您好，[我不在家|我上班了]，[麻烦放|帮我放][门口|{station}|快递柜|门卫那里]，谢谢'],
  },
  // Delay notices
  {
    kind: 'delay_notice',
    templates: [
      '[亲|您好]，[因|由于][天气原因|疫情管控|仓库爆仓|交通管制]，您的订单[可能会|会]延迟[{n2}天|1-2天]发货，[非常抱歉|给您添麻烦了]。',
    ],
  },
  { kind: 'delay_notice', templates: ['[路上堵车|前面出车祸了|车坏了]，[要晚|大概晚]{n2}分钟到，[不好意思|抱歉]'] },
  {
    kind: 'delay_notice',
    templates: ['[您好|亲]，您买的{product}[暂时缺货|还没到货]，[预计|大概]{date}[发出|到货]，[可以等吗|要不要先退款]？'],
  },
  // Refund and return
  {
    kind: 'refund_return',
    templates: [
      '[您好|亲]，[退款|款项]{yuan}已[原路退回|退到您的账户]，[预计|大概]1-3个工作日到账，[请注意查收|有问题随时联系]。',
    ],
  },
  {
    kind: 'refund_return',
    templates: [
      '[退货|换货]地址：{addr_full}，[收件人|联系人]{name2}，[请备注订单号|寄回时写上订单号]{ref}，[不要寄到付|运费我们承担]。',
    ],
  },
  {
    kind: 'refund_return',
    templates: ['[已收到您寄回的|仓库已签收]{product}，[正在为您办理退款|换货已经寄出|新的已经补发]，[单号|快递单号]{ref}。'],
  },
  {
    kind: 'refund_return',
    templates: [
      '[非常抱歉|真不好意思]，{product}[破损了|发错了|少发了一件]，[给您补发|给您退款|赔偿您]，[不用寄回|麻烦拍个照片]。',
    ],
  },
  // After-sales answers
  {
    kind: 'after_sales',
    templates: [
      '[亲|您好]，{product}[的使用方法|怎么用]：[先充电{n2}小时|长按开机键{n2}秒|按说明书第{n2}页]，[还有问题|不懂的话]随时[问我|联系我们]。',
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      '[师傅|安装师傅|维修师傅][明天|{date}]{time}上门[安装|维修|检查]{product}，[请家里留人|提前联系您]，[有变动|时间不方便]请回复。',
    ],
  },
  {
    kind: 'after_sales',
    templates: ['[您好|亲]，[质保|保修]期是[一年|两年|三个月]，[保修卡|发票]在盒子里，[有问题|坏了]直接[联系售后|找我们]。'],
  },
  { kind: 'after_sales', templates: ['[您的验证码是|验证码]{pin}，[{n2}分钟内有效|请勿泄露给他人|切勿告知他人]。'] },
  { kind: 'after_sales', templates: ['[请问|问一下]{product}还有货吗？[什么时候能发|能便宜点吗|可以自提吗|明天能到吗]？'] },
  {
    kind: 'after_sales',
    templates: [
      '[您好|你好]，[您预约的|你约的][体检|复诊|牙科|理发|保养]在{date}{time}，[请准时到|记得带身份证|如需改期请回复]。',
    ],
  },
  // Personal chat
  { kind: 'personal', templates: ['[在吗|在不在|在么][？|?|]{emo2}'] },
  { kind: 'personal', templates: ['[吃饭了吗|吃了没|吃饭没]？[晚上|中午|今晚][一起吃|回家吃|想吃啥]{emo2}'] },
  { kind: 'personal', templates: ['[我到了|我快到了|我到楼下了|我在地铁上]，[你呢|你在哪|等我一下|马上到]{emo2}'] },
  { kind: 'personal', templates: ['[今晚|今天|明天][加班|有事|开会]，[晚点回|不回来吃饭了|你们先吃|别等我]{emo2}'] },
  {
    kind: 'personal',
    templates: ['[妈|爸|老婆|老公|宝贝|姐]，[我|今天][到家了|发工资了|下班了|考完了]，[别担心|放心吧|一切都好]{emo2}'],
  },
  { kind: 'personal', templates: ['[明天|周末|{date}][几点|什么时候][见|出发|集合]？[老地方|还是在{place2}|我来接你]？'] },
  { kind: 'personal', templates: ['[好的|好|行|嗯嗯|收到|知道了|OK|ok|没问题|可以]{emo2}'] },
  { kind: 'personal', templates: ['[哈哈哈|笑死我了|哈哈|太好笑了]，[你太逗了|真的假的|我也是|同感]{emo2}'] },
  { kind: 'personal', templates: ['[生日快乐|祝你生日快乐]{hype2}[天天开心|越来越漂亮|心想事成|工作顺利]{emo2}'] },
  { kind: 'personal', templates: ['[帮我|麻烦你][带|买][一瓶水|两个包子|份早餐|点水果|酱油]，[谢啦|钱回头给你|回来给你钱]'] },
  {
    kind: 'personal',
    templates: ['[孩子|儿子|女儿][今天|下午][发烧了|考试考得不错|开家长会|放学早]，[你|你们][能去接吗|早点回来|别担心]'],
  },
  { kind: 'personal', templates: ['[刚才|刚刚][开会|在忙|没听到]，[没接到电话|手机静音了]，[什么事|有事吗|等下回你]？'] },
  {
    kind: 'personal',
    templates: ['[周末|国庆|春节|五一][回家吗|去哪玩|有空吗]？[一起|要不要][爬山|吃火锅|看电影|回老家]{emo2}'],
  },
  { kind: 'personal', templates: ['[钱|房租|上次的钱][收到了|已经转你了|转过去了]，[看一下|查收一下|谢谢]'] },
  { kind: 'personal', templates: ['[到家|到了][记得|给我]发个消息，[路上小心|注意安全|早点休息]'] },
  { kind: 'personal', templates: ['[下雨了|降温了|外面好冷]，[记得带伞|多穿点|别感冒了]{emo2}'] },
  {
    kind: 'personal',
    templates: ['[明天的会|下午的会议|周例会][改到|推迟到|提前到]{time}，[地点|会议室]不变，[请相互转告|收到回复]'],
  },
  {
    kind: 'personal',
    templates: ['[老师好|王老师您好]，[孩子|我家孩子][今天|明天][请假一天|身体不舒服|要晚点到]，[麻烦您了|谢谢老师]'],
  },
  // News-like and everyday sentences that share words with promotions
  {
    kind: 'everyday',
    templates: [
      '[今天|昨天|本周][股市|大盘|A股][大涨|下跌|震荡]，[证券|券商|银行]板块[领涨|走弱]，[我的|咱们的]基金[又绿了|涨了一点]',
    ],
  },
  {
    kind: 'everyday',
    templates: ['[我在|刚]上新浪[看到|看了]一条新闻，[说|讲]{place2}[要修地铁|明天停水|下周降温]，[你看到没|真的假的]'],
  },
  {
    kind: 'everyday',
    templates: ['[专家|老师|领导]对[这部电影|这个方案|他的表现|这本书]评价[很高|一般|不错]，[你觉得呢|我也这么觉得]'],
  },
  {
    kind: 'everyday',
    templates: [
      '[学校|单位|社区|公司][这周|{date}][组织|举办]了[运动会|读书活动|志愿者活动|团建活动]，[大家|同事们|孩子们][评价|反响][都不错|挺好|很高]，[下次|明年]还[参加|办]',
    ],
  },
  {
    kind: 'everyday',
    templates: [
      '[我|我爸|朋友][在|去][证券公司|券商|银行][开户|上班|办业务]了，[国债|理财|股票][最近|今年][收益|行情][一般|还行|不太好]，[你有兴趣吗|改天细聊]',
    ],
  },
  {
    kind: 'everyday',
    templates: [
      '[新浪|微博|头条|新闻]上说[{place2}|我们这][新开了|要建][一个公园|图书馆|地铁线|体育馆]，[周末|有空]去看看[吧|？]',
    ],
  },
  {
    kind: 'everyday',
    templates: ['[{place2}|小区][明天|{date}][停水|停电|检修燃气]，[时间|从]{time}[开始|到下午]，[提前接水|注意一下]'],
  },
  {
    kind: 'everyday',
    templates: ['[据|根据][报道|统计]，[今年|上半年]{place2}[GDP|房价|游客人数][增长|下降]{n2}%，[经济|市场][平稳|回暖]'],
  },
  {
    kind: 'everyday',
    templates: ['[我|我们][公司|单位][今年|这个月][发了|没发]年终奖，[老板说|听说][明年|下个月][涨工资|裁员]，[你们那呢|愁死了]'],
  },
  {
    kind: 'everyday',
    templates: ['[高铁票|机票|火车票]买好了，{date}{time}[出发|的车]，[车次|航班]{ref}，[到时候|记得][来接我|别迟到]'],
  },
  { kind: 'everyday', templates: ['[医生说|检查结果出来了]，[没什么大问题|要再复查一次|多喝水多休息]，[别担心|放心]{emo2}'] },
  {
    kind: 'everyday',
    templates: ['[物业通知|业主群里说]：[电梯|{n2}号楼电梯][维修|保养][到{date}|今天下午]，[请走楼梯|给大家带来不便敬请谅解]'],
  },
];

export const ZH_EXTRA_SLOTS: Slots = {
  carrier: ['顺丰', '中通', '圆通', '韵达', '申通', '京东', '邮政', 'EMS', '极兔', '德邦'],
  carrier_sign: ['【顺丰速运】', '【中通快递】', '【菜鸟驿站】', '【京东物流】', '【圆通】', '【邮政EMS】', '【妈妈驿站】', ''],
  station: ['菜鸟驿站', '小区北门驿站', '{n2}号楼丰巢柜', '妈妈驿站', '兔喜生活', '快递超市', '物业前台', '东门快递柜'],
  pin: (rng) =>
    pick(rng, [
      `${int(rng, 1, 30)}-${int(rng, 1, 6)}-${int(rng, 1000, 9999)}`,
      `${int(rng, 100000, 999999)}`,
      `${int(rng, 10, 99)}-${int(rng, 1000, 9999)}`,
    ]),
  ref: (rng) =>
    pick(rng, [
      `SF${int(rng, 100000000, 999999999)}`,
      `${int(rng, 10000000, 99999999)}${int(rng, 1000, 9999)}`,
      `G${int(rng, 100, 9999)}`,
      `YT${int(rng, 100000000, 999999999)}`,
    ]),
  n4: num(1000, 9999),
  courier: ['王师傅', '李师傅', '小张', '刘师傅', '陈师傅'],
  addr: [
    '人民路{n2}号',
    '解放大道{n3}号',
    '万达广场{n2}楼',
    '中山路与建设路交叉口',
    '步行街{n2}号',
    '火车站对面',
    '新世纪商场一楼',
  ],
  addr_full: ['{place2}幸福小区{n2}栋{n2}01', '{place2}朝阳路{n2}号{n2}楼', '{place2}阳光花园{n2}号楼{n2}单元'],
  place2: ['北京', '上海', '杭州', '广州', '深圳', '成都', '武汉', '南京', '西安', '长沙', '万达', '公司楼下', '地铁站'],
  name2: ['张三', '李女士', '王先生', '售后部'],
  hype2: ['', '', '。', '！', '，谢谢'],
  emo2: ['', '', '', '😊', '😂', '[微笑]', '哈哈', '~', '👌', '🙏'],
};
