import { int, pick, type Family, type Slots } from './corpus-engine.js';

/**
 * More English families, written so that no kind rests on one wording: the shapes bulk senders in the UK,
 * US, India and Singapore really use (SMS-speak premium-rate lures, handset and tariff offers, club and
 * ringtone subscriptions, chat lines, local businesses, Indian and Singaporean brand promotions), and the
 * legitimate traffic a relay carries with the same breadth: personal chat in SMS-speak and Singlish that
 * uses "free", "call", "txt", "win", "prize" and prices in their ordinary meaning, bank-style alerts,
 * one-time codes, appointments, couriers, refunds and family logistics.
 * Each family is a handful of texts of one wording; a family goes to one split only.
 */
const FAMILY_SIZE = 14;

export const EN_MORE_SLOTS: Slots = {
  pobox: (rng) =>
    pick(rng, [
      `Postal rules: Box ${int(rng, 100, 9999)}, ${pick(rng, ['Derby', 'Norwich', 'Exeter', 'Stoke', 'Luton'])}`,
      `Entry terms c/o Box ${int(rng, 10, 999)} ${pick(rng, ['Swindon', 'Crewe', 'Ipswich', 'Wigan'])}`,
      `Box${int(rng, 100, 999)} ${pick(rng, ['London', 'Leeds', 'Bristol', 'Hull'])}`,
    ]),
  rate: [
    '150p/msg',
    '£1.50/msg',
    '£1.50/wk',
    '3x£1.50/wk',
    '£3/wk',
    '25p/min',
    '£1/min',
    'cost 80p/min',
    '10p per msg',
    '50p/msg rcvd',
    '£4.50/wk',
    '£5/month',
    'calls cost £1/minute from BT landlines',
    '60p/min from mobiles',
    'msgs 120p each',
  ],
  age: ['16+', '18+', 'Over 18s only', '18+ only', 'U must be 16+'],
  club: [
    'Ringtone Club',
    'Tones Club',
    'Games Club',
    'Video Club',
    'Quiz Club',
    'Jokes Club',
    'Horoscope Club',
    'Football Club',
    'Mobile Club',
    'Pix Club',
  ],
  service_name: [
    'MobileClub',
    'TextQuiz',
    'ToneZone',
    'Txt4Cash',
    'FunMobile',
    'GoldTones',
    'PhoneFun',
    'TuneTub',
    'WinWeekly',
    'BuzzBox',
  ],
  brand_in: [
    'Flipkart',
    'Myntra',
    'Swiggy',
    'Zomato',
    'BigBasket',
    'Ajio',
    'Nykaa',
    'Tata CLiQ',
    'Lenskart',
    'Reliance Digital',
    'Croma',
    'Pantaloons',
    'Shoppers Stop',
    'Meesho',
    'FirstCry',
    'Bata',
    "Domino's",
    'Jio',
    'Airtel',
    'Vi',
  ],
  brand_sg: [
    'Shopee',
    'Lazada',
    'Qoo10',
    'FairPrice',
    'Giant',
    'Watsons',
    'Guardian',
    'Courts',
    'Harvey Norman',
    'Singtel',
    'StarHub',
    'M1',
    'Grab',
    'foodpanda',
    'Popular',
    'Charles & Keith',
  ],
  inr: (rng) =>
    pick(rng, [
      `Rs.${pick(rng, [49, 99, 149, 199, 299, 499, 999, 1499, 1999])}`,
      `Rs ${pick(rng, [100, 150, 200, 250, 500, 1000])}`,
      `₹${pick(rng, [99, 199, 399, 799, 2000, 5000])}`,
      `INR ${pick(rng, [500, 1000, 2500])}`,
    ]),
  sgd: (rng) => `${pick(rng, ['$', 'S$', 'SGD'])}${pick(rng, ['5', '8', '10', '12.90', '15', '20', '38', '50', '88', '128'])}`,
  lakh: (rng) => `${pick(rng, ['Rs.', 'Rs ', '₹'])}${pick(rng, [1, 2, 3, 5, 10, 15, 25])} lakh`,
  tel_in: (rng) => `${pick(rng, ['9', '8', '7'])}${int(rng, 100000000, 999999999)}`,
  tel_sg: (rng) => `${pick(rng, ['6', '8', '9'])}${int(rng, 100, 999)} ${int(rng, 1000, 9999)}`,
  tel_us: (rng) => `(${int(rng, 201, 989)}) ${int(rng, 200, 999)}-${int(rng, 1000, 9999)}`,
  fee: (rng) => `${pick(rng, ['£', '$'])}${int(rng, 5, 60)}`,
  small: (rng) => `${int(rng, 2, 9)}`,
  hour: (rng) => `${int(rng, 6, 11)}`,
  sg_place: [
    'Tampines',
    'Bedok',
    'Serangoon',
    'Orchard',
    'Woodlands',
    'Bishan',
    'Toa Payoh',
    'Clementi',
    'AMK',
    'Punggol',
    'Pasir Ris',
    'Yishun',
  ],
  in_city: ['Mumbai', 'Pune', 'Bangalore', 'Delhi', 'Noida', 'Gurgaon', 'Hyderabad', 'Chennai', 'Kolkata', 'Thane'],
  food: [
    'chicken rice',
    'nasi lemak',
    'laksa',
    'prata',
    'biryani',
    'pizza',
    'curry',
    'burgers',
    'noodles',
    'kebabs',
    'sushi',
    'fish and chips',
    'dim sum',
    'tacos',
  ],
  meal: ['dinner', 'lunch', 'breakfast', 'supper', 'brunch', 'tea'],
  friend: [
    'Jo',
    'Mel',
    'Kev',
    'Shan',
    'Wei Ling',
    'Arun',
    'Deepa',
    'Hui Min',
    'Rob',
    'Gemma',
    'Siti',
    'Rahul',
    'Meera',
    'Jun',
    'Kelly',
    'Tash',
  ],
  family: ['mum', 'dad', 'ma', 'pa', 'grandma', 'nan', 'my bro', 'my sis', 'aunty', 'uncle', 'the kids', 'hubby', 'the wife'],
  place_casual: [
    'the mall',
    'the station',
    'mrt',
    'the bus stop',
    'the canteen',
    'the library',
    'town',
    'the pub',
    'the hawker centre',
    'the gym',
    'church',
    'the temple',
    'the office',
    'uni',
    'school',
  ],
  lah: ['', '', ' lah', ' lor', ' leh', ' ah', ' hor', ' meh'],
};

/** Marketing: what bulk senders and businesses push. */
export const EN_MORE_MARKETING: readonly Family[] = [
  // Premium-rate prize lures, the 2000s UK shape.
  {
    kind: 'prize_lure',
    templates: [
      'ALERT! {prize_money} is reserved in ur name after this months lucky number draw. Ring {premium} b4 {date} & quote {code}. {rate}',
      'Ur ticket in the {day} sweepstake got lucky: {prize_money} is parked 4 u. Dial {premium} & give ref {code}. Offer closes in {n2}hrs',
      '{n2} yrs on our network = a thank-you gift of {prize_money}! Ring {premium} 2 have it sent out. {rate}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'Ur {prize} has arrived at our depot! To release it send the word RELEASE to {shortcode} within 48hrs. {rate} {age}',
      'Ur {prize} is ready 2 collect! Txt COLLECT to {shortcode} before {date}. {pobox} {rate}',
      'Ur mate put ur name down 4 a {prize} giveaway! Txt MATE to {shortcode} 2 confirm ur entry. {rate} {age}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'Cash drop! Up to £{n3}00 given away every day this week. Text DROP to {shortcode}, {rate}, {age}. Full rules {url}',
      'Win £{n3}00 cash or a {prize} this week! Just txt WIN to {shortcode} & answer {small} easy questions. {rate} {age}',
      'Our weekly draw has a £{n3}00 jackpot with ur name on it. Txt PLAY to {shortcode} to enter. {rate}. {pobox}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'Ur in luck! Pick {prize_money} in shopping vouchers or {n2} free downloads. Ring {premium} to choose. {pobox} {rate}',
      'Ur mobile is 1 of {small} picked 4 a {prize} or {prize_money} in cash. Ring {premium} with code {code}. Landline {rate}. {age}',
      'Send us ur postcode & a {prize} could be on its way 2 u this week! Txt POST + postcode to {shortcode}. {rate} {age}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'You are a lucky winner of our [holiday|cruise|weekend break] draw! 2 claim your {prize} call {premium} or txt GO to {shortcode}. Valid {n2} days. {rate}',
      'Clock is ticking: {prize_money} in ur name goes back in the pot in {n2} hours. Phone {premium}. {rate}',
      'Ur {prize} is gathering dust in our prize room! Book a delivery slot on {premium} by {date}. {pobox} {age}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'Guess the [song|celebrity|footballer] and WIN a {prize}! Txt ur answer to {shortcode}. Correct entries go in2 the draw. {rate} {age}',
      '2 + 2 = ? Send ur answer 2 {shortcode} & u could take home {prize_money}! Easy! {rate}',
      'Answer this & win: how many days in a leap year? Reply with ur answer to {shortcode} now! {rate} {age} {pobox}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'Pizza & box set on us every Friday 4 {small} months! Lock in ur prize on {premium}. {rate}. {age}',
      'Ur chance to win a year of free [pizza|shopping|petrol|flights]! Txt FREE to {shortcode}. {rate}. T&C {url}',
      'You have won {small} VIP tickets to the [final|festival|concert]! Call {premium} to collect. {rate} {pobox}',
    ],
  },
  // Ringtone, club and content subscriptions.
  {
    kind: 'subscription',
    templates: [
      'Welcome! Ur {club} weekly pack costs {rate} until u stop it. Send STOP to {shortcode} any time. Helpline {freephone}',
      'Welcome to {service_name}! U r now subscribed. U will get {small} tones a week at {rate}. 2 stop txt STOP to {shortcode}. Help {freephone}',
      'Your {club} membership is now active. Enjoy unlimited downloads for just {rate}. Send STOP to {shortcode} to cancel. {age}',
    ],
  },
  {
    kind: 'subscription',
    templates: [
      'Get the hottest tones! Txt TONE to {shortcode} & get this weeks top {small} FREE. Then {rate}. {age} {pobox}',
      'New ringtone of the week: "[Crazy Frog|Dancing Queen|Mr Brightside|Gangnam Style]"! Reply TONE to get it now. {rate}, txt STOP2end',
      'A new tone 4 ur phone every {day}! Sign up by texting BEAT to {shortcode}, 1st one free. {rate}. STOP to quit',
    ],
  },
  {
    kind: 'subscription',
    templates: [
      'Ur daily [horoscope|joke|football news|cricket score] is here! Reply SUB to keep getting them 4 {rate}. Std network charges apply',
      'Get live [cricket|football|F1] scores on ur phone! Txt SCORES to {shortcode}. Only {rate}. First week FREE. {age}',
      '[England|India|Arsenal|Man Utd] fan? Get half-time scores & transfer gossip by text! Send KICKOFF to {shortcode}. {rate} {pobox} {age}',
    ],
  },
  {
    kind: 'subscription',
    templates: [
      '{service_name}: {small}0 tokens added 2 ur account! Swap them 4 games & clips at {url}. {rate}, {age}',
      'Ur {service_name} credits are about 2 expire! Download {small} free games now at {url}. {rate}. Txt HELP to {shortcode}',
      'Download the latest [games|videos|wallpapers|apps] 2 ur phone! Click {url} or reply GO. {rate} {age}',
    ],
  },
  {
    kind: 'subscription',
    templates: [
      'Brain teaser of the day: what has keys but cant open locks? Txt ur answer 2 {shortcode} 2 win points. {service_name} {rate}',
      'Trivia Tuesday! Reply with the right answer to win points & prizes. Reply END to stop. {rate} per question. {age}',
    ],
  },
  // Chat lines and dating.
  {
    kind: 'dating_chat',
    templates: [
      'Bored 2nite? Chatty locals r online & lonely ;) say hi on {shortcode} {rate} {age}',
      '[Jodie|Nina|Becca|Holly] from {town} just joined & picked ur profile 2 chat! Text her on {shortcode}. {rate} {age}',
      '[Gemma|Tash|Leanne] here, fancy a coffee date this week? Reply MEET & I will txt u back. {rate} {age} {pobox}',
    ],
  },
  {
    kind: 'dating_chat',
    templates: [
      'Want 2 meet new people in ur area? Join our chat now! Call {premium}. {rate} {age}',
      'Single & ready 2 mingle? Dial {premium} & get talking 2 locals 2nite. {rate}. {age}',
      'Fancy a flirt? {small} singles in {town} r waiting 2 chat. Txt FLIRT to {shortcode}. {rate} {age}',
    ],
  },
  {
    kind: 'dating_chat',
    templates: [
      'Ur dating inbox has {small} new likes! Listen 2 their intros on {premium}. {rate}',
      '{small} people near u swiped right 2day! Txt MATCH to {shortcode} 2 see who. {rate} {age}',
      'Speed chat night: talk 2 {small} singles in 10 mins on {premium}. {rate} {pobox}',
    ],
  },
  // Handset and tariff offers: mobile upgrades in many wordings.
  {
    kind: 'handset_tariff',
    templates: [
      'Phone looking tired? Trade it in 2day & walk away with a new one 4 nothing upfront. Ring {freephone} (SwapDesk)',
      'Contract nearly over? Swap 2 the newest {handset} at no cost + 500 texts a month. Ring {freephone} or reply SWAP. {age}',
      'Ur contract is up for renewal! Get the new {handset} for £0 upfront with {small}00 free mins. Call {freephone} now',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '{network} loyalty offer: a camera phone upgrade at £0 with ur next plan. Ring {freephone} or txt UPG to {shortcode}',
      '{network} Rewards: Ur line rental is halved for {small} months if u upgrade this week. Reply UPGRADE or call {freephone}. T&C',
      'Ur {handset} bundle incl wireless earbuds is packed - pick a courier slot on {freephone}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      'Extra mins every month! Add {small}00 bonus mins to ur {network} plan 4 {small} months, call {freephone} b4 {date}',
      'Unlimited calls + texts + {small}0GB data for {price} a month! Switch to {network} & keep ur number. {url}',
      'Top up £{small}0 and get £{small}0 FREE credit this weekend! {network} Pay as you go. T&Cs {url}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '{brand_in}: Recharge with {inr} & get unlimited calls + [1.5GB|2GB|3GB]/day for [28|56|84] days. Recharge now: {url}',
      'Dear customer, get [double data|{pct} cashback|free OTT subscription] on recharge of {inr} and above. Offer till {date}. T&C apply. {brand_in}',
      '{brand_in} 5G is here! Upgrade to a 5G SIM for free and enjoy unlimited 5G data. Visit nearest store or {url}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '{brand_sg}: Enjoy {small}0GB mobile data at {sgd}/mth with NO contract! Sign up by {date}. T&Cs apply. Reply STOP to opt out',
      '{brand_sg} Fibre Broadband 1Gbps at {sgd}/mth + free router. Limited time only. Visit {url}. To unsubscribe reply STOP',
      'Re-contract now with {brand_sg} & get the new {handset} from {sgd}! Plus {small}0GB bonus data. T&Cs apply.',
    ],
  },
  // Indian brand promotions.
  {
    kind: 'shop_promo',
    templates: [
      '{brand_in} Big Sale is LIVE! Flat {pct} OFF on {product} + extra {inr} off with code {code}. Shop now: {url} T&C',
      'Dear Customer, [End of Season Sale|Mega Sale|Grand Sale] at {brand_in}! Upto {pct} off on top brands. Hurry, limited stock. {url}',
      'Hurry! {brand_in} sale ends tonight. Get {product} starting {inr}. Extra {pct} off on prepaid orders. {url}',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      'This [Diwali|Holi|Navratri|Onam|Pongal|Raksha Bandhan] celebrate with {brand_in}! Get upto {pct} off + {inr} cashback on {product}. {url}',
      'Happy [Diwali|Dussehra|Eid|Christmas]! Shop festive collection at {brand_in} & get gifts worth {inr} free. Valid till {date}. T&C',
      '[Great Indian Festival|Big Billion Days|Festive Dhamaka] starts tomorrow! Early access for members. Set reminder: {url}',
    ],
  },
  {
    kind: 'coupon',
    templates: [
      'Your {brand_in} coupon {code} worth {inr} is expiring today! Use it on orders above {inr}. Order now: {url}',
      'Yay! {inr} added to your {brand_in} wallet. Use before {date} on your next order. T&C apply',
      '{brand_in}: Get {pct} OFF upto {inr} on your next [order|food order|grocery order]. Use code {code}. Order now {url}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      'Dear Customer, you are eligible for a Pre-Approved Personal Loan of upto {lakh} at {small}.99% p.a. Instant disbursal. Apply: {url} T&C',
      'Need money urgently? Get instant loan upto {lakh} in 10 mins. No documents, no CIBIL check. Download app: {url}',
      'Congratulations! Your credit card limit can be increased to {lakh}. Call {tel_in} or click {url}. T&C apply',
    ],
  },
  {
    kind: 'property',
    templates: [
      'Book your dream [1|2|3] BHK in {in_city} at just {lakh}* onwards! Possession [2025|2026|soon]. Site visit: call {tel_in}',
      'Luxury [villas|apartments|plots] near [metro|airport|highway] in {in_city}. Pay {pct} now, rest on possession. Call {tel_in}',
      'New launch! [2|3] BHK flats in {in_city} from {lakh}. Free car parking & modular kitchen. Book today: {tel_in}',
    ],
  },
  {
    kind: 'course',
    templates: [
      'Admissions open for [MBA|BBA|B.Tech|MCA|Nursing|Hotel Management] 2026! [100% placement|Scholarship upto {pct}]. Apply: {url} or call {tel_in}',
      'Crack [IIT JEE|NEET|UPSC|CAT|GRE|IELTS] with expert faculty! Free demo class this {day}. Register now: {url}',
      'Learn [spoken English|Excel|digital marketing|Tally|coding] in 30 days. Fees only {inr}. Batch starts {date}. Call {tel_in}',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      'Secure your family with term insurance of {lakh} at just {inr}/month. Tax benefits u/s 80C. Call {tel_in}',
      'Your [car|bike] insurance is expiring soon. Renew now & save upto {pct} on premium. Click {url}',
      'Health cover of {lakh} for your family from {inr}/month. No medical tests upto 45 yrs. Call {tel_in} T&C',
    ],
  },
  // Singapore promotions.
  {
    kind: 'shop_promo',
    templates: [
      '{brand_sg}: 1-for-1 [bubble tea|coffee|burgers|pizzas] this {day}! Show this SMS at any outlet. T&Cs apply. Reply STOP to opt out',
      '<{brand_sg}> [Great Singapore Sale|Mid-year sale|Payday sale]: up to {pct} off {product}! Only at {sg_place} outlet. {url}',
      '{brand_sg} Members: Enjoy {sgd} off min spend {sgd} this weekend. Code {code}. T&Cs apply. To unsub reply STOP',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      'Huat ah! CNY specials at {brand_sg}: bak kwa, pineapple tarts & hampers from {sgd}. Order by {date}. {url}',
      '[Hari Raya|Deepavali|Christmas|CNY|National Day] treats at {brand_sg}! {pct} off storewide + free gift with {sgd} spend. {url}',
      '11.11 is coming! {brand_sg} vouchers up to {sgd} off drop at midnight. Set your alarm! {url}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Aircon servicing promo! {sgd} per unit, chemical wash {sgd}. Free checking. WhatsApp {tel_sg}. {sg_place} & islandwide',
      'Renovation package for HDB [3|4|5]-room from {sgd}k! Free 3D design. Call {tel_sg} now. Limited slots this month',
      'Tuition for [PSLE|O Level|A Level] [Maths|Science|Chinese|English]. Experienced ex-MOE tutor. 1st lesson free! SMS {tel_sg}',
    ],
  },
  // US shapes.
  {
    kind: 'shop_promo',
    templates: [
      '{shop}: Your exclusive offer is here! {pct} off your entire purchase in-store & online thru {day}. Show this text. Reply STOP to opt out. Msg&data rates may apply',
      '{shop} Rewards: {money} off $50+ today only! Code {code}. {url} Txt HELP for help, STOP to end',
      "Hey it's {shop}! Our [Memorial Day|Labor Day|4th of July|Presidents Day] sale is ON: {pct} off sitewide. {url} Reply STOP to unsubscribe",
    ],
  },
  {
    kind: 'coupon',
    templates: [
      'Text JOIN to {shortcode} for exclusive deals & get {money} off your next visit! Msg&data rates may apply. Up to {small} msgs/wk',
      "Thanks for joining {shop} VIP texts! Here's {pct} off your next order: {code}. Reply STOP to cancel, HELP for help",
      'Your {shop} ExtraBucks: {money} expires {date}. Use in store or online. {url} Txt STOP to opt out',
    ],
  },
  // Restaurants and takeaways.
  {
    kind: 'restaurant',
    templates: [
      'Tonight at {shop}: 2 [curries|pizzas|burgers|mains] + [rice|sides|drinks] for {price}! Order on {landline} or {url}. Free delivery over {fee}',
      'Hungry? {shop} is now delivering to ur area! {pct} off ur first order with code {code}. {url}',
      '{shop} [Curry House|Pizzeria|Grill|Kebab House|Chinese Takeaway]: Mon-Thu special, any large [pizza|meal] {price}. Call {landline}. Reply STOP to opt out',
    ],
  },
  {
    kind: 'restaurant',
    templates: [
      'Kids eat FREE at {shop} this half term with every adult main! Book: {url}',
      'Sunday roast at {shop} only {price} incl dessert. Book ur table now on {landline}. Limited tables!',
      'Bottomless brunch is BACK at {shop}! {price}pp every [Sat|Sun]. Book now {url} {age}',
    ],
  },
  {
    kind: 'restaurant',
    templates: [
      'Craving {food}? Get {pct} off at {shop} all this week. Dine in or takeaway. Show this SMS. T&Cs apply.',
      '{shop} happy hour: {food} + drink at {price} from 3-6pm daily! Walk in anytime. Reply STOP to unsub',
      'New on the menu at {shop}: {food} platter for 2 at just {price}! Order now {url}',
    ],
  },
  // Salons, gyms, local services.
  {
    kind: 'local_business',
    templates: [
      '{shop} Salon: Cut & blow dry now {price} [Tues-Thurs|this week only|for new clients]. Book online {url} or call {landline}',
      'Treat yourself! Gel nails {price}, lashes {price} at {shop}. Walk-ins welcome. Offer ends {date}',
      'Spring offer at {shop} Beauty: {pct} off all facials & massages. Book now on {landline}. Reply STOP to opt out',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'New year new you! Join {shop} Gym for {price}/month, NO joining fee. Offer ends {date}. {url}',
      '{shop} Fitness: bring a friend FREE all this week! Classes from {time}. Sign up at reception or {url}',
      'Get beach ready! {small} weeks bootcamp at {shop} only {price}. Limited spaces, book now {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '[Local|Family run|Trusted] [plumber|electrician|roofer|locksmith|gardener|handyman] in {town}. No call out fee, {pct} off this month. Call {phone}',
      'Driveways, patios & fencing. Free quotes, {pct} off bookings this month. {shop} Landscapes {phone}',
      'Is ur boiler ready for winter? Full service only {price}. {shop} Heating, Gas Safe registered. Call {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Car valet from {price}! Mobile service, we come to u. {shop} Valeting {phone}. Reply STOP to opt out',
      'MOT + full service {price} at {shop} Garage this month. Free collection & delivery. Book {landline}',
      'Need a taxi? {shop} Cars, airport runs from {price}. Save this number {landline}. {pct} off ur first ride with {code}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Man & van from {price}/hr. House moves, clearances & rubbish removal. Same day service. Call {phone}',
      'We buy any car! Get a free valuation in 30 secs at {url}. Paid same day.',
      'Pest problem? Mice, rats & bed bugs treated from {price}. Discreet, fast, local. {shop} {phone}',
    ],
  },
  // Company introductions and B2B.
  {
    kind: 'local_business',
    templates: [
      'Dear Sir/Madam, we are {shop} Ltd, a leading manufacturer of [LED lights|packaging|uniforms|furniture|solar panels]. Best prices for bulk orders. Contact {phone}',
      'Grow your business with SMS marketing! Send 1000 texts for just {price}. Free trial: {url}',
      'Get your business on page 1 of Google! SEO packages from {price}/month. Reply YES for a free audit.',
    ],
  },
  // Loans, debt, claims.
  {
    kind: 'loan',
    templates: [
      'Ur loan of up to £{n3}0 has been approved in principle. Reply YES to receive ur funds 2day. Rep APR {n2}%',
      'Payday loan? Get £{n3} cash in ur account in 15 mins. Txt CASH to {shortcode}. Rep {n3}% APR',
      'Homeowner? Consolidate all ur debts into one low monthly payment. Free call {freephone}. Reply STOP to opt out',
    ],
  },
  {
    kind: 'loan',
    templates: [
      'Had an accident in the last 3 years? U may be entitled 2 £{n3}0 compensation. Reply YES or call {freephone}. To stop txt STOP',
      'Our records show u may be owed £{n3}0 in mis-sold PPI. Reply INFO or call {freephone}. No win no fee.',
      'Tax rebate notice: you are due a refund of £{n3}. Claim at {url} within 48hrs.',
    ],
  },
  {
    kind: 'loan',
    templates: [
      'Bad credit? No problem! Loans from £100 to £{n3}0 with guaranteed decision. Apply at {url}',
      'IVA helpline: write off up to 80% of your debt. Free, confidential advice. Call {freephone}',
      'Get up to {money} credit today with {shop} Finance. Quick online form, money in minutes. {url}',
    ],
  },
  // Insurance.
  {
    kind: 'insurance',
    templates: [
      "Ur car insurance renewal is due soon. Don't auto-renew! We can save u up to {money}. Call {freephone}. Reply STOP to opt out",
      'Over 50? Guaranteed life cover from {price}/month, no medical questions. Free gift when u apply. Call {freephone}',
      'Phone insurance from just {price} a month! Covers loss, theft & damage. Reply COVER or visit {url}',
    ],
  },
  // Property.
  {
    kind: 'property',
    templates: [
      'We have buyers waiting for homes in ur area! Free valuation from {shop} Estate Agents. Call {landline}',
      'Sell ur house fast for cash! Any condition, completion in {small} weeks. Call {freephone}',
      'Room to rent in {town}, bills included {price}/week. Available now, call {phone}',
    ],
  },
  {
    kind: 'property',
    templates: [
      'Condo launch at {sg_place}! Units from {sgd}00k. Showflat open this weekend. Call {tel_sg} to book a viewing',
      'Thinking of selling your HDB? Get a free valuation & sell in 30 days. WhatsApp {tel_sg}',
      'Investment property in Dubai with {small}% guaranteed rental yield. Free seminar this {day}. Register {url}',
    ],
  },
  // Courses.
  {
    kind: 'course',
    templates: [
      'Learn to drive with {shop} School of Motoring! First {small} lessons {price}. Call {phone}',
      'Free taster session in [Spanish|French|Mandarin|pottery|salsa|photography] this {day} at {shop}! Book ur place: {url}',
      'Become a qualified [personal trainer|plumber|electrician|beautician] in {small} weeks. Funding available. Call {freephone}',
    ],
  },
  // Recruitment.
  {
    kind: 'recruitment',
    templates: [
      'Work from home & earn £{n3}+ per week! No experience needed. Reply JOB for details. {age}',
      'Urgently hiring {job} in {town}. £{n2}.50/hr, immediate start, weekly pay. Reply YES or call {phone}',
      'Part time job: like videos & earn {money}/day from ur phone. Contact us on WhatsApp {phone}',
    ],
  },
  {
    kind: 'recruitment',
    templates: [
      'Hiring! Delivery riders needed in {sg_place}. Earn up to {sgd}00/week. Flexible hours. Apply now: {url}',
      'Walk-in interview for [BPO|call centre|sales|data entry] jobs in {in_city} on {date}. Salary upto {inr}00/month. Call {tel_in}',
      'Earn extra cash this Christmas! Temp {job} needed, £{n2}/hr. Apply at {url} today',
    ],
  },
  // Re-engagement.
  {
    kind: 're_engagement',
    templates: [
      'Its been a while! Come back to {shop} & get {pct} off ur next order. Use {code}. {url}',
      'We saved ur seat! Come back to {shop} this week for a free [drink|dessert|class|coffee]. Show this text.',
      "Long time no see {name}! Here's {money} to spend at {shop} before {date}. Reply STOP to opt out",
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      'Your basket misses you! Items in ur cart are selling fast. Complete checkout in the next {small} hrs for free delivery: {url}',
      "Psst... the {product} in ur wishlist just dropped in price! Grab them before they're gone: {url}",
      'Your membership at {shop} expired last month. Renew today & get {small} months for the price of 1! {url}',
    ],
  },
  // Review requests.
  {
    kind: 'review_request',
    templates: [
      'Thanks for visiting {shop}! How was ur experience? Rate us 1-5 by replying to this text. Reply STOP to opt out',
      'Enjoyed ur meal at {shop}? Leave us a Google review & get a free dessert next time: {url}',
      "Hi {name}, we'd love your feedback on your recent order. Review it now & get {pct} off next time: {url}",
    ],
  },
  {
    kind: 'review_request',
    templates: [
      'How likely are u to recommend {shop} to a friend? Reply 0-10. Every reply goes into our monthly {money} prize draw!',
      'Your opinion matters! Complete our 2 min survey about {shop} & win a {money} voucher: {url}',
      'Rate your {brand_in} order & earn {small}0 SuperCoins! Tap {url}',
    ],
  },
  // Cross-sells.
  {
    kind: 'cross_sell',
    templates: [
      'Your new {product} deserves a matching case! {pct} off accessories for the next {small} days: {url}',
      'Add a [warranty|screen protector|case|charger] to your recent {shop} order for only {price}. Reply YES',
      'You bought {product} last month, time for a top up? Order now & get free delivery: {url}',
    ],
  },
  {
    kind: 'cross_sell',
    templates: [
      'Dear customer, you are eligible for a {brand_in} credit card with lifetime free membership. Apply now: {url}',
      'As an existing customer you can add a second line for just {price}/month. Reply ADD or call {freephone}',
      'Upgrade ur {shop} subscription to Premium & get {small} months free. Tap {url}',
    ],
  },
  // Member days and loyalty.
  {
    kind: 'member_day',
    templates: [
      'Double points weekend at {shop}! Scan ur card on every shop this {day} & {day}. T&Cs apply',
      'Ur {shop} card has {n3} points worth {money}. Spend them in store before {date}! Reply STOP to opt out',
      '{brand_sg} Member Day: Extra {pct} off for members only, {date}. Show ur member card. T&Cs',
    ],
  },
  // Events and ticket promotions.
  {
    kind: 'shop_promo',
    templates: [
      'Tickets on sale NOW for [the summer festival|comedy night|the panto|the fireworks|ladies night] at {shop}! Early bird {price}. Book {url}',
      '{shop} presents [Ladies Night|Foam Party|Student Night|Salsa Night] this {day}! Free entry b4 11pm with this text. {age}',
      'VIP guestlist 4 {shop} this {day}: text ur name & number of guests to {phone}. Free drink on arrival!',
    ],
  },
  // Second round: kinds whose first families left the model short of words.
  {
    kind: 'recruitment',
    templates: [
      'JOB VACANCY: [Sales Executive|Customer Service Agent|Warehouse Operative|Receptionist] needed, salary £{n2},000 + commission. Send CV to jobs@{domain}.com',
      'We are looking for [motivated|hardworking|friendly] people to join our team in {town}. Good pay, training provided. Apply online {url}',
      '[Vacancies|Openings] at {shop}: full & part time. Competitive salary & staff discount. Apply in store or at {url}',
    ],
  },
  {
    kind: 'recruitment',
    templates: [
      'Hello, I am [Linda|Sarah|Mike] from HR. Our company offers a flexible online job, {money}-{money} daily, only 30 min a day. Contact WhatsApp {phone}',
      'Congratulations! Your application was shortlisted. Daily salary {money}. Add our HR on WhatsApp to start: {phone}',
      'Earn commission by rating hotels online from home! Paid daily. Interested pls reply 1',
    ],
  },
  {
    kind: 'recruitment',
    templates: [
      'Be your own boss! Join our network marketing team & earn passive income. Free webinar {day} {time}: {url}',
      'Drivers wanted! Use ur own car & earn up to £{n3} a week with {shop}. Sign up in 5 mins: {url}',
      'Nurses & carers needed urgently, {town} area. £{n2}/hr, weekly pay, flexible shifts. Call our team on {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '{shop} Tailoring: alterations from {price}, suits made to measure. {pct} off this month. {street}',
      'Wedding photography packages from {price}! Book ur date for 2026 now & get a free engagement shoot. {url}',
      'Printing: 500 business cards for {price}, flyers from {price}. Next day delivery. {shop} Print {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Fresh flowers delivered same day! Bouquets from {price} at {shop}. Order by 2pm: {url}',
      'Catering for parties & events, {food} from {price} per head. Call {shop} on {phone} for a quote',
      'Dog grooming at {shop}: full groom {price}, nail clip {price}. New clients {pct} off. Call {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Professional cleaning for homes & offices. End of tenancy cleans from {price}. Call {phone} for a free quote',
      'Carpet & upholstery cleaning: 3 rooms for {price}! Book this week, {shop} {phone}',
      'Window cleaning every 4 weeks from {price}. Reliable local service. Text {phone} to book',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '{shop} Dental: teeth whitening now {price} (was {price}). Limited appointments. Call {landline}',
      'Eye test only {price} at {shop} Opticians this month + {pct} off frames. Book {url}',
      'Laser hair removal: {pct} off courses booked in {day}. Free patch test. {shop} Clinic {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Tuition centre at {sg_place}: Maths & Science for Sec 1-4. Trial class at {sgd}! Call {tel_sg}',
      'Home tutor available: experienced, all levels, results guaranteed. Free first lesson. Text {phone}',
      'Piano, guitar & violin lessons for all ages at {shop} Music School. First month {pct} off. {url}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Solar panels for ur home with NO upfront cost! Cut ur bills by 70%. Free survey: reply SOLAR',
      'Double glazing sale: {pct} off all windows & doors, 10 yr guarantee. Free quote {freephone}',
      'Get ur loft insulated for FREE under a government scheme. Check if u qualify: {freephone}',
    ],
  },
  {
    kind: 'subscription',
    templates: [
      'Ur free trial of {service_name} ends 2day. Keep enjoying unlimited [songs|videos|games] for only {rate}. Do nothing 2 continue or txt STOP',
      'You have been subscribed to {club}. Cost {rate} until you send STOP to {shortcode}. Customer care {freephone}',
      'Ur {club} weekly pack is here! Reply MORE for another {small} items. {rate}. STOP to end',
    ],
  },
  {
    kind: 'subscription',
    templates: [
      'Get a free psychic reading now! Call {premium}. {rate} {age}',
      'Ur love horoscope 4 this week is ready. Call {premium} to hear it. {rate}',
      'Find out what ur name means! Txt NAME + ur name to {shortcode}. {rate} {age}',
    ],
  },
  {
    kind: 'property',
    templates: [
      'Remortgage now & save up to £{n3}/month. Rates from {small}.{small}9%. Free broker advice: {freephone}',
      'First time buyer? We can help u get on the ladder with a {small}% deposit. Free mortgage check: {url}',
      'Landlords! Let ur property with {shop} Lettings, fees from {pct}. Free rental valuation: {landline}',
    ],
  },
  {
    kind: 'property',
    templates: [
      'Holiday homes in [Spain|Portugal|Cyprus|Turkey] from £{n3},000. Viewing trips available. Call {freephone}',
      'Own a lodge on a 5 star park from £{n3},000. Open weekend {day}. Book ur visit {url}',
      'Studio flats to rent near {place} from {price}/month, no agency fees. Call {landline}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      'Invest {money} & earn {pct} monthly returns with our crypto trading experts. Limited slots! WhatsApp {phone}',
      'Make money from home trading forex. Our signals group earned {pct} last month. Join free: {url}',
      'Your account qualifies for a {money} bonus on ur first deposit! Play now at {url} {age}. T&Cs apply',
    ],
  },
  {
    kind: 'loan',
    templates: [
      'Car finance approved for all credit types! Drive away 2day with no deposit. Call {shop} Motors {landline}',
      'Buy now, pay later! Spread the cost of ur {product} over {small} months at 0%. Shop {url}',
      'Struggling to pay ur bills? Get a {money} cash advance before payday. Apply {url}. Representative APR {n3}%',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      'Pet insurance from {price}/month. Cover vet bills up to £{n3}0. Get a quote in 2 mins: {url}',
      'Travel insurance for ur summer trip from just {price}. Buy now & get {pct} off: {url}',
      'Boiler cover from {price}/month incl annual service. Sign up b4 winter: {freephone}',
    ],
  },
  {
    kind: 'course',
    templates: [
      'Open evening at {shop} College this {day} {time}. Courses in [IT|hair & beauty|construction|health & social care]. Free for 16-18s',
      'Get ur [CSCS card|SIA licence|forklift licence|food hygiene cert] in 1 day! Courses from {price}. Book {url}',
      'Learn a language in 3 months with our app! 7 day free trial then {price}/month. Download now {url}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'NEW STOCK just arrived at {shop}! Come in & see our latest {product}. Open 7 days, 9-6.',
      'Everything must go! {shop} closing down, final reductions up to {pct}. Last {small} days!',
      'Visit {shop} this weekend for our open day, free samples & {pct} off all {product}!',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'Mattress sale! King size from {price}, free delivery & old bed removal. {shop} Beds, {street}',
      'Sofa sale now on at {shop}: up to {pct} off, interest free credit available. Visit ur nearest store',
      'Car boot sale & market every Sunday at {place}, traders from {time}! Entry {fee}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'The {product} ur friends r talking about is here! Order now & get it by {day}: {url}',
      'Best seller back in stock: {product} from {price}. Dont miss it this time! {url}',
      'Only at {shop}: {product} at unbeatable prices. Price match guaranteed. {url}',
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      "Hey {name}, we noticed u haven't booked with us in a while. Here's {pct} off ur next appointment at {shop}!",
      'We want u back! Rejoin {shop} this month with no joining fee. Offer ends {date}',
      'Missing ur weekly {food}? {shop} has a treat waiting for u: {money} off, code {code}',
    ],
  },
  {
    kind: 'review_request',
    templates: [
      'Thank u for choosing {shop}! If u were happy with our service pls leave us a review here {url}. It means a lot to a small business!',
      'Hi {name}, how was ur stay at {shop}? Share ur feedback & get {pct} off ur next booking: {url}',
      'Did ur driver do a good job? Rate ur delivery from 1 to 5 & enter our {money} monthly draw: {url}',
    ],
  },
  {
    kind: 'cross_sell',
    templates: [
      'Ur phone contract is ending. Add home broadband for {price}/month & save! Reply YES or call {freephone}',
      'Hi {name}, as a valued {shop} customer u can now get our credit card with {pct} cashback. Apply {url}',
      'Ur car is due its service soon. Book with {shop} & get a free MOT. {url}',
    ],
  },
  {
    kind: 'dating_chat',
    templates: [
      'Lonely 2nite? Real girls r waiting 2 talk 2 u now. Call {premium}. {rate}. {age}',
      'Meet ur perfect match in {town} 2day! Reply YES to get ur first {small} matches free. {rate} {age}',
      'Hot new profiles near u! Chat for free, first 5 mins on us: {premium}. {age}',
    ],
  },
  {
    kind: 'restaurant',
    templates: [
      'Curry club every Thursday at {shop}: any curry + rice + naan {price}. Book now {landline}',
      'Fancy {food} 2nite? Order from {shop} & get free {food} on orders over {fee}. Call {landline}',
      'Takeaway special: family meal deal {price}. Free delivery within 3 miles. {shop} {landline}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      "It's Member Monday at {shop}! Scan ur app at the till for {pct} off everything today",
      'Ur {shop} loyalty stamps: {small}/10. Just {small} more for a free {food}! Valid till {date}',
      '{brand_in} Prime members: early access to the sale starts at 12 noon today! {url}',
    ],
  },
  // Third round: plainer shop promotions and SMS-speak pushes.
  {
    kind: 'shop_promo',
    templates: [
      'Hi from {shop}! We have a great range of {product} in store now, pop in & take a look. Open till {time}.',
      '{shop}: Come & visit our new store at {place}! Lots of bargains. See u there',
      'This week at {shop}: {product} from {price}, {product} from {price}. While stocks last.',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{shop} alert: prices down on all {product}! Txt SHOP to {shortcode} for ur discount code. {rate}',
      'Get {pct} off ur next {product} order! Txt DEAL to {shortcode} now. {age}. {rate}',
      "Txt ur postcode to {shortcode} & we'll send u the best deals near u! {rate}. STOP to end",
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      'Upgrade 2day & a {prize} is thrown in on us! Call {freephone} or reply YES. {age}',
      'Ur {network} account has {small}00 free bonus mins 2 use this month! Txt BONUS to {shortcode} to activate',
      'Switch 2 {network} 2day & get ur 1st {small} months at half price! Keep ur no. Call {freephone}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'Our prize desk has ur name down 4 {prize_money} or a {prize}, ur pick. Lines open weekdays on {freephone}',
      'Singles night in {town} this {day}: ur free table is held. Confirm on {premium}. {pobox}',
      'Free airtime! Txt TALK to {shortcode} & get {small} hours of calls added 2 ur phone 2day. {rate}',
    ],
  },
  {
    kind: 'coupon',
    templates: [
      'Show this SMS at {shop} & get a FREE [coffee|dessert|drink|cookie] with any purchase! Valid till {date}',
      'Ur exclusive {shop} code: {code}. Use it 2day for {money} off. {url}',
      'Present this msg for {pct} off ur bill at {shop}. One per customer. T&Cs apply',
    ],
  },
  // Fourth round: task scams, solicitations and local offers in yet other words.
  {
    kind: 'recruitment',
    templates: [
      'Good day! We are recruiting part-time staff, simple online tasks, earn {money}-{money} per day. Age 22+. Reply for details',
      'Hello {name}, our agency has a remote position for you: {money}/day, flexible hours, no experience required. Message us on WhatsApp {phone}',
      'Job opportunity: product reviewer, work from your phone, daily pay {money}. Limited places, contact HR now {phone}',
    ],
  },
  {
    kind: 'recruitment',
    templates: [
      '{shop} is recruiting! Store assistants & drivers wanted for the festive season. Apply today at {url}',
      'Looking for a new career? Train as a [HGV driver|bus driver|care worker|security officer] & start earning £{n3}/week. Call {freephone}',
      'Immediate start for {job} in {town}. £{n2}/hr + overtime. Text JOB to {shortcode} or apply {url}',
    ],
  },
  {
    kind: 'review_request',
    templates: [
      'We hope you love your new {product}! Would you take a moment to rate it? {url} Thanks from the {shop} team',
      'Tell us how we did and you could win {money}! Quick feedback form: {url}',
      "Your feedback helps us improve. Please rate today's visit to {shop} from 1 (poor) to 5 (excellent).",
    ],
  },
  {
    kind: 'review_request',
    templates: [
      'Happy with ur new hair? Leave us a review on Google & get {pct} off ur next visit! {url} - {shop}',
      'Got a minute? Tell us about ur recent stay at {shop} & be entered into our prize draw. {url}',
      'Thanks for dining at {shop}! A quick review would make our day: {url}',
    ],
  },
  {
    kind: 'property',
    templates: [
      'Just listed in {town}: [2|3|4] bed [semi|terrace|detached house] {price}k, viewings this weekend! Call {shop} Homes {landline}',
      'Property alert: new [flats|houses] in ur area from £{n3},000. Register for viewings at {url}',
      'Looking to rent? [1|2] bed flat in {town} {price} pcm, available now. Book a viewing {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Dear residents, {shop} Pharmacy now offers [flu jabs|travel vaccines|blood pressure checks] from {price}. Walk in or book {url}',
      '[Kids|Toddler|Adult] swimming lessons at {shop} Leisure Centre, {pct} off the first term. Book {url}',
      'Computer or phone broken? {shop} Repairs fix it same day from {price}. Pop into our shop on {street}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Need a skip? Skip hire from {price}, next day delivery in {town}. Call {phone}',
      'Tree surgery & garden clearance, fully insured, free quotes. {shop} {phone}',
      'Mobile hairdresser, cuts from {price}, I come to u! Text {phone} to book',
    ],
  },
  // Fifth round: short promotions, a line or two, as small shops send them.
  {
    kind: 'shop_promo',
    templates: [
      '{pct} off all {product} today!',
      '{pct} off everything this weekend',
      'Sale now on at {shop}!',
      'SALE! Up to {pct} off {product}',
      '{shop}: {pct} off, today only',
      'Everything {pct} off till {day}!',
      'Half price {product} at {shop} this week',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'New stock in! Come see us',
      'New {product} just in at {shop}',
      'Fresh {product} in store now!',
      '{shop}: new arrivals in store',
      'Just landed: {product}! {url}',
      'Back in stock: {product}. Be quick!',
    ],
  },
  {
    kind: 'restaurant',
    templates: [
      'Happy hour 5-7pm, 2-4-1 cocktails!',
      '2 {food} for {price} tonight only',
      'Free delivery tonight at {shop}!',
      '{shop}: {pct} off takeaway, tonight only',
      'Kids eat free this {day}!',
      'Lunch deal: {food} + drink {price}',
    ],
  },
  {
    kind: 'coupon',
    templates: [
      'Use code {code} for {pct} off',
      '{money} off with code {code}',
      'Ur code: {code}. {pct} off ur next order',
      'Free gift with every order today!',
      'Code {code} = free delivery this week',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      'U have won! Call {premium}',
      'WINNER! Claim ur {prize_money} now: {premium}',
      'Ur a winner! Txt CLAIM to {shortcode}',
      'Free {prize}! Txt YES to {shortcode}',
      'Win {prize_money}! Txt WIN to {shortcode}. {rate}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      'Haircuts {price} all week at {shop}',
      'Nails {pct} off Mon-Wed! Book {landline}',
      'Car wash {price} this weekend at {shop}',
      'Gym: no joining fee this month!',
      'Tutor available, 1st lesson free. {phone}',
    ],
  },
];

/** Legitimate: what people, couriers, banks and merchants really send, with promotional words in passing. */
export const EN_MORE_LEGITIMATE: readonly Family[] = [
  // Personal chat with promo words in ordinary meaning.
  {
    kind: 'personal',
    templates: [
      'R u free [2nite|tonight|tmr|on {day}]? Wanna [grab {food}|catch a movie|go for a walk|come over]{lah}',
      'Im free after {time}{lah}. Call me when u done',
      'U free this {day} or not? {friend} wan to [meet|makan|go shopping]{lah}',
      'Are you free to talk? Just call me when you can, no rush',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Call me when u reach{lah}',
      'Can u call me back? My credit running out',
      'Missed ur call, was in the shower. Call u back in {small} mins',
      'Dont call now, in a meeting. Txt me',
      'Ill call u after dinner ok',
      'Pls call {family} when u free, she asked abt u',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Txt me when ur home safe x',
      'Just got ur txt, sorry my phone was dead',
      'Didnt get ur txt until now, whats up?',
      'Txt me the address again pls',
      'Will txt u when im outside',
      'Why u never reply my txt{lah}',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'We won!! {small}-{small} in the last minute, {friend} scored',
      'Did u win ur match today?',
      'Arsenal won again lol, {friend} is gonna be unbearable',
      'U won the bet, I owe u a drink',
      'Who won the quiz last night?',
      'Our team won the cup! Celebrating at the pub, come down',
    ],
  },
  {
    kind: 'personal',
    templates: [
      '{friend} won a prize at school today for her art, so proud',
      'Got a prize for best costume at the party haha',
      'The raffle prize was a hamper, {family} won it lol',
      'Guess who won the office sweepstake? Me! £{n2} lol',
      'He came 2nd and got a little prize, so chuffed',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'They gave us free drinks cos the food was late',
      'Parking is free after 6 so come after that',
      'Is the museum free or do we need tickets?',
      'Got a free upgrade on the flight!! So lucky',
      'The kids go free on the train at weekends btw',
      'Feel free to bring {friend}, the more the merrier',
      'Free for lunch tmr? My treat',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'How much was the ticket? Ill transfer u £{n2}',
      'Dinner was £{n2} each, just send me when u can',
      'I paid {sgd} for the cab, u owe me half{lah}',
      'Can u lend me £{n2} till friday?',
      'Sent u the money for the gas bill',
      'The taxi was like £{n2} lol never again',
      'Got these shoes in the sale for half price, so happy',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Ok can, see u at {place_casual}',
      'Ok lor, then we meet at {time}',
      'Haha ok, u decide lah',
      'Nvm lah, next time then',
      'Wah so late still working ah? Go home and rest lor',
      'Dun worry so much, sure can one',
      'K k, reach already tell me',
      'Later I go ur house pass u the stuff',
      'U eat already? I buy {food} for u ok',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Wat u doing now? Bored at home{lah}',
      'Juz reach home, so tired',
      'Oso can, I dun mind',
      'I oso dunno wat time they coming',
      'Ya lor, den how? Wait for them or go first?',
      'Haf u eaten? Wan to go {place_casual} get {food}?',
      'Sorry ah, forgot to reply u',
      'Tmr cannot lah, got class until {time}',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Where r u? We r at {place_casual} already',
      'On the way, {small} more stops',
      'Im here, wearing a red jacket',
      'Running late, start without me',
      'Which exit u at?',
      'Can u wait 5 mins? Just parking',
      'Reached. Where u',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Happy bday {friend}!! Have a gr8 day',
      'Merry Xmas to u and the family x',
      'Happy new year! Wishing u all the best for 2026',
      'Happy Diwali to u and ur family!',
      'Gong xi fa cai! Huat ah',
      'Selamat Hari Raya! Maaf zahir batin',
      'Congrats on the new job!! Drinks on u',
      'Congratulations on the baby!! So happy for u both',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Love u, night night x',
      'Miss u already',
      'Thinking of u today, hope the op went ok',
      'Sorry about earlier, I was stressed. Talk later?',
      "U ok hun? Haven't heard from u",
      'Get well soon!! Want me to bring soup?',
      'Thanks 4 being there 4 me today',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Dont forget ur keys, I wont be home till {time}',
      'Pls take the chicken out of the freezer',
      'Can u pick up {family} from {place_casual} at {time}?',
      'Kids need to be at school by 8 tmr, sports day',
      'Did u feed the cat?',
      'Bins go out tonight, ur turn',
      'Im doing a shop, need anything?',
      'Dinner in 10, come down',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Just saw an ad for a free holiday lol as if',
      'Keep getting these spam texts about winning a prize, so annoying',
      'Got a weird txt saying I won £{n3}, deleted it',
      'Dont reply to that text about the parcel fee, its a scam',
      'Mum got one of those "u have won" messages, told her to ignore it',
      'Is that offer from the gym real or a scam?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "There's a sale on at {shop}, wanna go {day}?",
      'Saw ur jacket in {shop} half price, should I get it for u?',
      '{shop} has {pct} off today, coming?',
      'Got u a voucher for ur bday, check ur email',
      'I have a discount code for {shop} if u want it',
      'Buy one get one free on pizzas tonight, shall we?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Can u txt me the wifi password',
      "What's the code for the front door again?",
      'Whats ur new number? Lost all my contacts',
      'This is my new no. save it',
      'My new number is {phone}, old one lost',
      'Call me on the landline, mobile is broken',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Interview went well I think! They said they'll call by {day}",
      'Got the results, I passed!!',
      'Exam was so hard, pray for me',
      'Boss says I can leave early {day}',
      'Working late again, save me some {food}',
      'Just finished my shift, knackered',
      'Payday tmr thank god',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Doctor says its nothing serious, just rest',
      'Grandma is home from hospital, all good',
      'The vet says the dog needs a small op, £{n3} ugh',
      'Pharmacy is closed, will get ur meds tmr',
      'Appointment moved to {time}, can u still drive me?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Watching the match at {friend}'s, come over",
      'That film was so good, u have to see it',
      'Cant believe the ending!! Call me',
      'Ur turn to pick the movie',
      'Did u see the news? Crazy',
      'Cricket on at {time}, India batting first',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Hey its {friend}, is this still {name}'s number?",
      "Hi, we met at {friend}'s party, its {name}",
      'Who is this? Number not saved sorry',
      'Sorry wrong number!',
      'Hi, {friend} gave me ur number about the flat',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Selling my old bike £{n2}, want it?',
      'Is the sofa still for sale? Can collect {day}',
      'Would u take £{n2} for the pram?',
      "Still got the tickets for sale? I'll take 2",
      'Can I come see the car this {day}?',
      'Yes still available, can u collect today? Cash only pls',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Going to the shop, want anything? They have 2 for 1 on crisps lol',
      'Tesco had no bread, got wraps instead',
      'I got milk, eggs and the bin bags',
      'Which washing powder? The offer one?',
      'Shop closes at {time}, hurry',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "I'm stuck in traffic, tell them I'll be late",
      'Train cancelled, getting the bus',
      'Flight delayed by {small} hrs ugh',
      'Landed! Getting a cab now',
      "Car won't start, can u give me a lift?",
      'Bus broke down lol walking',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Winning at life today, got the flat AND the job',
      'Free at last, exams done!!',
      'Claim ur seat before {friend} takes it lol',
      'Stop texting me during the film!!',
      'Reply when u can, no stress',
      'Txt STOP if u want me to stop sending cat pics haha',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Church at {time} tmr, dont be late',
      'Prayers at the temple on {day}, {family} coming too',
      'Choir practice cancelled this week',
      'Football training moved to {day}, pass it on',
      'Book club at mine {day}, bring wine',
    ],
  },
  // Bank-style alerts that are not promotions.
  {
    kind: 'account_alert',
    templates: [
      '[HSBC|Barclays|Lloyds|NatWest|Monzo|Chase]: {price} paid to [TESCO|AMAZON|TFL|SHELL|UBER] on {date}. Not you? Call the number on the back of your card.',
      'Your account ending {digits4} is overdrawn by {price}. Please pay in funds to avoid charges. Do not reply to this message.',
      'A payment of {price} to {shop} was declined. If this was you, please try again. We will never ask for your PIN.',
      'Your card ending {digits4} has been frozen as you requested. Unfreeze it any time in the app.',
    ],
  },
  {
    kind: 'account_alert',
    templates: [
      'INR {inr_num} debited from A/c XX{digits4} on {date} to UPI/{name}. Avl Bal INR {inr_num}. Not you? Call 1800 {digits4} {digits4}',
      'Rs.{inr_num} credited to your A/c XX{digits4} on {date} by NEFT. Avl Bal Rs.{inr_num}',
      'Your SBI Card ending {digits4} used for Rs.{inr_num} at {brand_in} on {date}. If not done by you, report to 1800 {digits4} {digits4}',
      'EMI of Rs.{inr_num} for loan a/c XX{digits4} is due on {date}. Please keep sufficient balance.',
    ],
  },
  {
    kind: 'account_alert',
    templates: [
      'DBS: A transaction of {sgd} was made with your card ending {digits4} on {date}. If unauthorised, call 1800 111 1111.',
      'PayNow: You have received {sgd} from {friend}. Ref {ref}.',
      'Your [electricity|water|phone] bill of {price} is due on {date}. Pay online or by direct debit.',
      'Direct Debit of {price} to [council tax|British Gas|Thames Water] will be taken on {date}.',
    ],
  },
  {
    kind: 'account_alert',
    templates: [
      'Your {network} bill for {price} is ready. It will be collected on {date}.',
      'You have used 80% of your data allowance. It resets on {date}.',
      "You've used all your inclusive minutes this month. Calls now cost 55p/min until {date}.",
      'Your top up of £{small}0 was successful. New balance £{n2}.{n2}',
      'Your roaming charges in [Spain|France|the US] are £{small}/day. Reply STOP to block roaming.',
    ],
  },
  // One-time codes.
  {
    kind: 'verification',
    templates: [
      "{pin} is your [WhatsApp|Google|Facebook|Microsoft|Instagram|Uber] code. Don't share it.",
      'Your {shop} verification code is {pin}. It expires in 10 minutes.',
      'Use {pin} to sign in. Never share this code, we will never call you to ask for it.',
      '{pin} is your OTP for txn of Rs.{inr_num} at {brand_in}. Valid for 5 mins. Do not share with anyone.',
      'DBS: Your OTP is {pin}. Never share your OTP with anyone. If you did not request it, call us.',
      'G-{pin} is your Google verification code.',
    ],
  },
  // Appointments and bookings.
  {
    kind: 'appointment',
    templates: [
      'Reminder: your appointment at {shop} is on {day} {date} at {time}. Reply Y to confirm or N to cancel.',
      'Your table for {small} at {shop} is booked for {day} at {time}. See you then!',
      'Your [flu jab|blood test|smear test|eye test|dental check-up] is booked for {date} at {time}. Please arrive 10 mins early.',
      "Dr [Patel|Smith|Khan]'s surgery: your appointment on {date} has been cancelled. Please call {landline} to rebook.",
      'Hi {name}, just confirming ur haircut tmr at {time}. See u then! {shop}',
      'Your class at {shop} on {day} {time} is confirmed. Cancel up to 12 hrs before free of charge.',
    ],
  },
  {
    kind: 'appointment',
    templates: [
      'Your driving test is on {date} at {time} at {town} test centre. Bring your licence.',
      'Parents evening: your slot with Mrs [Jones|Ahmed|Lee] is {day} at {time}.',
      'Reminder: school closes early on {day} at 1pm for staff training.',
      'Your vehicle MOT is due on {date}. Book at any test centre.',
      'Your prescription is ready to collect at {shop} Pharmacy.',
    ],
  },
  // Couriers and deliveries with wider wording.
  {
    kind: 'courier_arrival',
    templates: [
      'Hi im outside with ur parcel, no one answering the door',
      'Delivery driver here, left ur parcel behind the bin as requested',
      'Ur food is here, im at the main gate',
      'Rider here, which block are u?',
      'Im at the lobby with ur order, pls come down',
      'Grab food here, at the drop off point',
      'Your {carrier} driver {name} is 3 stops away. Track live: {carrier_url}',
      'Hi, I have a parcel for flat {n2}, can u buzz me in?',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      "{carrier}: We'll deliver your parcel today between {time} and {time}. Reply 1 to leave with a neighbour, 2 for safe place.",
      'Sorry we missed you. Your parcel is at your local [depot|post office|{carrier} shop]. Bring ID. Ref {ref}',
      'Your {shop} order has been dispatched and will arrive on {day}. Tracking: {carrier_url}',
      'Shopee: Your parcel {ref} has been delivered. Not received? Contact us in the app.',
      '{brand_in}: Your order with {product} has been shipped. Expected by {date}.',
      'Out for delivery: your parcel {ref}. Our driver will call before arriving.',
    ],
  },
  {
    kind: 'pickup_code',
    templates: [
      'Your parcel is in locker {n2} at {locker}. Open code: {digits4}. Collect within 72 hours.',
      'Use PIN {digits4} at the parcel machine to collect your order.',
      'Collection code {digits4}: show this at the counter to collect your {shop} order.',
      'Order {ref} ready at the service desk. Quote {digits4} and bring your card.',
      'Your {brand_sg} order is at POPStation {sg_place}. PIN: {pin}. Collect by {date}.',
    ],
  },
  {
    kind: 'delay_notice',
    templates: [
      'Sorry, your delivery is running late today. New time: {time} - {time}.',
      'Due to the weather, collections in your area are delayed until {day}.',
      "Your order {ref} is delayed at customs. We'll update you once released.",
      'Your train to {town} is delayed by {n2} minutes. We apologise for any inconvenience.',
      'Flight BA{n3} delayed, new departure {time}. Check the app for gate info.',
      'The engineer is running {n2} minutes late due to a previous job.',
    ],
  },
  {
    kind: 'refund_return',
    templates: [
      "We've issued a refund of {price} to your original payment method. Please allow 3-5 days.",
      'Your return has been received at our warehouse. Refund will be processed within 48 hours.',
      'Refund of Rs.{inr_num} for order {ref} initiated. Will reflect in 5-7 working days.',
      "We're sorry, item unavailable. A full refund of {price} has been issued.",
      'Your cancellation is confirmed. No payment has been taken.',
      'Return label for order {ref}: drop at any {carrier} point. Free of charge.',
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      'Hi its {shop}, ur [phone|laptop|watch|bike] repair is done, ready to collect anytime before {time}.',
      'Your dry cleaning is ready for collection. Ticket {digits4}.',
      'Hi {name}, the part for ur [car|boiler|washing machine] has arrived. Can we book u in for {day}?',
      'Your glasses are ready to collect from {shop}. Opening hours 9-5:30.',
      "Hi, this is {shop}. Your order is delayed as we're waiting for stock. Sorry, will update u {day}.",
      'Thanks for ur order! Just to let u know the cake will be ready at {time} on {day}.',
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      'Your warranty claim {ref} has been approved. A replacement will be sent within {small} days.',
      "Your insurance claim {ref} is being reviewed. We'll call you by {day}.",
      'Your policy documents have been emailed to you. No action needed.',
      "Your subscription has been cancelled. You won't be charged again.",
      "Your password was changed. If this wasn't you, contact us now.",
      'Your booking {ref} is confirmed: {small} nights at {shop}, check-in {date}.',
    ],
  },
  {
    kind: 'address_question',
    templates: [
      "Hi, I'm trying to deliver ur parcel but can't find ur house. Is it down the side lane?",
      "Which block is urs? There's A and B",
      'Is there a lift or should I bring it up the stairs?',
      'Can I leave it with the security guard?',
      "The gate is locked, what's the code?",
      'Seller here, which colour did u want, black or white? Forgot to ask',
    ],
  },
  // Work and community logistics.
  {
    kind: 'personal',
    templates: [
      'Meeting moved to {time}, same room',
      "Can u cover my shift on {day}? I'll swap u for {day}",
      'Rota for next week is up',
      'Team lunch {day} at {time}, {shop}. Let me know if u can come',
      'Pls bring ur laptop tmr, we have the client call',
      "Sorry I'm off sick today, have told the manager",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Bin collection is {day} this week due to the bank holiday',
      'Neighbourhood watch: a van was seen acting suspicious on {street}. Lock ur cars.',
      'Residents meeting {day} at {time} in the community hall about the parking',
      'Water will be off tmr 9-12 for repairs, fill the kettle!',
      'Lift is out of order, engineer coming {day}',
    ],
  },
  // Ordinary texts with the words promotions use, in their ordinary meaning.
  {
    kind: 'personal',
    templates: [
      'They offered me the job!! Start on {day}',
      'Got a job offer from {shop}, should I take it?',
      '{friend} offered to give us a lift to the airport',
      'The offer on the house was accepted!!',
      'Sent them an offer, waiting to hear back',
      "They made me an offer I couldn't refuse lol",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'No big deal, dont worry about it',
      'Deal! See u {day}',
      'Ok deal, u cook I wash up',
      "I'll deal with it tmr, too tired now",
      "What's the deal with {friend}? She's being weird",
      "It's a deal, pizza on me next time",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Bring ur student card, u get a discount',
      "My staff discount works there, I'll get it for u",
      'Got the sofa in the sale, arrives {day}',
      'The house sale finally completed today!',
      'Selling my car, know anyone who wants it?',
      'Ask if they do a discount for cash',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Ordered pizza, it'll be here in 20",
      'I ordered u the same as last time',
      'Ur order came today, I put it in ur room',
      'Can u order the taxi for {time}?',
      "Did u order the cake for {friend}'s party?",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Can I claim the petrol back on expenses?',
      'Put in the insurance claim for the car today',
      "Don't forget to claim ur tax refund, the form is on the table",
      'He claims he never got my message lol',
      'U can claim a seat if u get there early',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Urgent, call me asap',
      'Pls call me urgently, its about {family}',
      'Urgent: can u collect the kids? Im stuck',
      'Not urgent but call me when u can',
      'URGENT. Where r the car keys??',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Can u stop at the shop on ur way?',
      "Stop worrying, it'll be fine",
      'Pls stop sending me voice notes, cant listen at work',
      'Bus stop outside the school, see u there',
      'Can u reply pls, its important',
      'Reply when u get this',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Do they take card or only cash?',
      'Bring some cash for the parking',
      'Ill pay u back in cash tmr',
      'Cash machine is broken, can u pay?',
      'How much cash do u need for the trip?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Upgraded my phone finally, new number soon',
      "Network is down, can't load anything",
      'My mobile is dying, will text later',
      "Change ur ringtone lol it's so annoying",
      'Got a new sim, this is my number now',
      "No signal here, will call when I'm out",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Gym membership ran out, need to renew',
      'Got my performance review tmr, nervous',
      'I got 3 points on my licence for speeding ugh',
      "I'm a member there, can get u in free",
      'Left a review for the plumber, he was great',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'My work is hiring btw, u should apply',
      'Started a new course at college, loving it',
      'Course starts next week, so nervous',
      'Thinking of doing a first aid course, u in?',
      'Got onto the nursing course!!',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Went to see the flat, its lovely but expensive',
      'Landlord is putting the rent up again',
      'Mortgage got approved!! We can move in {date}',
      'Sorted the car insurance, was cheaper this year',
      'Bank said the loan will take a week',
      'Can I borrow ur drill this weekend?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Congratulations!! U deserve it',
      'Winner winner chicken dinner lol',
      'Lucky u! Wish I had ur luck',
      'U have won my heart lol',
      'Best day ever!!!',
      'OMG u will never guess what happened',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'The new {food} place near {place_casual} is really good, we should go',
      'That restaurant was amazing, going back for sure',
      'Booked a table at {shop} for {time}',
      'Happy hour at the pub after work?',
      'The salon fit me in today, love my hair',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Thank u so much for the gift, u shouldn't have!",
      'Got u a little something, will drop it round',
      'Gift card was perfect, bought some books',
      'Free gift in the magazine this week lol',
      'Got a voucher from work for the team night',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Can u text me the link to that video?',
      'Check this out {url}',
      "Here's the photos from the weekend {url}",
      'Found the recipe {url}',
      'This is the flat I told u about {url}',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Wat time ur flight land? I pick u up',
      'U reach home le?',
      'Dun forget bring umbrella, later rain',
      'Mummy say come back for dinner tonight',
      'Aiyo I forgot my wallet, can u pay first?',
      'Eh the movie start at {time}, dun be late',
      'Can help me buy {food} on the way back?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Where r u yaar? Waiting since 10 mins',
      'Bhai call me when free',
      'Reached office, will call in evening',
      'Did u eat? Mummy made {food}',
      'Happy Holi! Have fun and be safe',
      'Sending the money by GPay now',
    ],
  },
  {
    kind: 'account_alert',
    templates: [
      'Your {network} monthly bill is {price}. No action needed, it will be paid by direct debit on {date}.',
      'Council tax reminder: your instalment of {price} is due on {date}.',
      'NHS: your COVID booster appointment is confirmed for {date} at {time}.',
      'HMRC: your tax return is due by 31 January. Do not reply to this message.',
      'Your parking permit expires on {date}. Renew online at the council website.',
    ],
  },
  {
    kind: 'verification',
    templates: [
      'Your one-time passcode is {pin}. It expires in 5 minutes.',
      "Amazon: Your code is {pin}. Don't share it with anyone.",
      'Enter {pin} to confirm your new phone number.',
      "Your login code for {shop} is {pin}. If you didn't try to log in, ignore this message.",
      'Security alert: a new device signed in to your account. If this was you, no action needed.',
    ],
  },
  {
    kind: 'appointment',
    templates: [
      'Hi {name}, ur physio session is moved to {day} at {time}. Reply to confirm pls',
      'Your viewing of {street} is booked for {day} at {time}. The agent will meet you outside.',
      'Your car is ready for collection from {shop} Garage. Total to pay {price}.',
      'Your home visit is scheduled for {date} between {time} and {time}.',
      'We have received your booking for {small} people on {date}. Deposit paid {price}.',
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      "Hi, the seller here. Sorry the item was late, the post office lost it. I've sent another one today.",
      "Thanks for ur order {name}! It'll be posted tmr first class.",
      "Ur new {product} comes with free returns for 30 days if it doesn't fit.",
      "The courier says ur parcel was damaged, we're sending a new one at no cost.",
      'Your item has been repaired under warranty, no charge. It will be returned on {day}.',
    ],
  },
  // Third round: transactional texts from businesses, and chat that looks like a push.
  {
    kind: 'order_update',
    templates: [
      "Thanks for your order {ref}! We'll text you when it ships.",
      'Your {shop} order {ref} is confirmed. Total {price}. Estimated delivery {day}.',
      'Payment received for order {ref}, thank you. Your items are being packed.',
      "We couldn't take payment for order {ref}. Please update your card in your account to avoid cancellation.",
      'Your order {ref} has been split into 2 parcels. The second will arrive {day}.',
    ],
  },
  {
    kind: 'order_update',
    templates: [
      'Your Uber is arriving now. Look for a [white|silver|black|grey] [Toyota Prius|Skoda Octavia|Honda Civic] {code}',
      'Your driver {name} is 2 mins away. Meet at the pickup point.',
      'Your Grab driver has arrived at {sg_place} MRT exit B.',
      'Your Deliveroo order from {shop} is being prepared. Rider assigned shortly.',
      'Your Swiggy order is on the way! {name} will reach in {n2} mins.',
      'Your ride has been cancelled by the driver. You were not charged.',
    ],
  },
  {
    kind: 'order_update',
    templates: [
      'IRCTC: PNR {pin}{small}{small}{small}{small} confirmed. Train {pin} dep {time} {date}. Coach B{small} seat {n2}.',
      'Your LPG cylinder booking is confirmed. Ref {ref}. Delivery within 48 hrs.',
      'SingPost: Item {ref} will be delivered today. Someone must be home to sign.',
      'Your CVS prescription is ready for pickup at store #{digits4}. Reply STOP to opt out of Rx texts.',
      'Your boarding pass for flight {code} is ready. Gate closes 20 mins before departure.',
      'Your hotel check-in is from 3pm. Reply to this text if you need anything.',
    ],
  },
  {
    kind: 'order_update',
    templates: [
      'Hi {name}, ur cake is ready for collection from {time} {day}. Balance to pay {price}.',
      "Hi it's {shop}, we have ur size in now, we'll hold it till {day} for u.",
      'Your furniture delivery is booked for {date}. Our team will call 30 mins before.',
      'Your key is ready, pick up from reception any time.',
      'The tailor says ur suit will be ready on {day} after {time}.',
    ],
  },
  {
    kind: 'account_alert',
    templates: [
      'School: Year {small} trip payment of {price} is due by {date}. Pay via ParentPay.',
      '{town} Council: your green bin collection is changing to {day}s from next week.',
      'Library: the book you reserved is ready to collect. Held for 7 days.',
      'Your GP surgery: your repeat prescription has been sent to your nominated pharmacy.',
      'Power cut in your area. Engineers expect power back by {time}. Reply STOP to stop updates.',
      'Scheduled water outage on {date} 9am-3pm for pipe works. We apologise for the inconvenience.',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Reply YES if ur coming to {friend}'s so I can book",
      'Text me back asap!!!',
      'FREE PIZZA in the office kitchen lol come quick',
      'Mum made way too much food, come over, free dinner haha',
      'Last chance to tell me if u want a ticket, booking tonight',
      'Dont miss the bus!! Its at {time} not {time}',
      "Hurry up we're all waiting",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Ur phone keeps going to voicemail, call me',
      'Pls call back, tried u 3 times',
      'Call me on this number, my phone broke',
      "Can u call {family}? She's worried",
      'Give us a call when ur up',
      'Call u in 5',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Won a free coffee from the card at work lol',
      'Guess what, I won the raffle at church! A hamper',
      '{friend} won £{n2} on the lottery, buying us all a drink',
      'We came first in the quiz, prize was a bottle of wine',
      'The kids won the cup! Bring the camera',
      'She won! 1st prize in the science fair',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "I'm free all day {day}, what do u fancy doing?",
      'Free now, call me',
      'Are u free to help me move on {day}? Pizza & beer on me',
      'Not free till {time} sorry',
      'Let me know when ur free for a chat',
      'Free period now, meet at the canteen?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Can we meet at {place_casual} at {time}? Bring the £{n2} u owe me haha',
      'Just transferred u £{n2} for the tickets',
      'How much do I owe u for the shopping?',
      "Rent is £{n3} this month, I'll send my half",
      "Got paid! Let's go out {day}",
      'Tickets were {price} each, booking now',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Ok c u there',
      "Ya I'll be there",
      'Sure no problem',
      'Nope not yet',
      'Yup reached',
      'K. Thx',
      'Haha yes',
      'Omw',
      'Gd nite',
      'Tmr can?',
      'Ok noted',
      'Alright thanks!',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Stuck in a review till {time}, ring u after',
      'Sorry, will ring u back soon',
      'Cant talk now, will call back',
      'Driving, call u when I stop',
      'Busy now, txt u later',
      'In class, will call after',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'How r u doing? Long time no see',
      'Hows the new place? Settled in?',
      'How was the holiday? Send pics!',
      'Hope ur feeling better today',
      'Hows ur mum doing?',
      'How did the exam go?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Babe can u get me some paracetamol on ur way back',
      "Get some milk and bread pls, we're out",
      'Need anything from the chemist?',
      'Pick up the dry cleaning if u pass',
      "Don't forget the birthday card for {friend}!",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'The party is at mine {day} from {time}. Bring a bottle!',
      'Bbq at ours {day} if the weather holds, come!',
      "{friend}'s leaving do is {day} at {shop}, u coming?",
      "Movie night {day}? I'll get snacks",
      "Christmas dinner at nan's this year, she says come at 1",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "Did u see {friend}'s new car? So jealous",
      'Finally bought the new phone, camera is amazing',
      'Got new trainers in the sale, only {price}',
      'Found a great deal on flights to [Spain|Goa|Bali|Bangkok] for {price}! Shall we book?',
      'The hotel was so cheap and really nice',
    ],
  },
  // Fourth round: service texts that share words with promotions.
  {
    kind: 'pickup_code',
    templates: [
      'Your repair is ready at {shop}. Show this text at the counter to collect.',
      'Your prescription is ready. Please show this message at the pharmacy counter.',
      'Tickets for {day}: show this text at the box office with booking ref {ref}.',
      'Your click & collect parcel is at the service desk. Code {digits4}. Free to collect within 7 days.',
      'Your Amazon parcel is at the Counter in {shop}. Pickup code {pin}.',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '{carrier}: Delivery attempted, nobody home. Redelivery is free, choose a new day at {carrier_url}',
      'We tried to deliver your parcel today. Reply 1 to redeliver tomorrow free of charge or 2 to collect.',
      'Your parcel needs a signature. Our driver will try again on {day}, no need to rebook.',
      'Your delivery is today between {time}-{time}. Reply CHANGE to pick another day.',
      "Driver {name}: I'm near ur street, will be there in 5 mins with the fridge.",
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      "Thanks for calling {shop}. Your case number is {ref}. We'll update you within 2 working days.",
      'Your complaint has been resolved. If you still have a problem, reply to this message.',
      'The technician has closed your job {ref}. Your boiler is working again.',
      'Your return is approved. Please post the item within 14 days using the free label.',
      "We're sorry your order arrived late. A refund of the delivery charge ({price}) has been made.",
    ],
  },
  {
    kind: 'personal',
    templates: [
      'Can u review my CV tonight? Applying for that job',
      "I've got an interview at {shop} on {day}, wish me luck",
      'The agency called, they have a temp job for me next week',
      'My manager said I can work from home on Fridays now',
      'Got a pay rise!! Drinks on me',
      'Applied for 5 jobs today, fingers crossed',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "We're viewing a house in {town} on {day}, wanna come?",
      'Rent went up {price}, gonna have to move',
      'The estate agent is showing the flat at {time}, can u tidy ur room',
      "Offer accepted on the house!! Can't believe it",
      'Looking at 2 bed flats in {town}, prices are mad',
    ],
  },
  {
    kind: 'personal',
    templates: [
      'How was the new restaurant? Worth it?',
      'Rate the film out of 10? I say 8',
      'Did u like the hotel? Thinking of booking it for mum',
      "The reviews for that place are awful, let's go somewhere else",
      'Give me an honest review of my cooking lol',
    ],
  },
];

export const EN_MORE_EXTRA_SLOTS: Slots = {
  digits4: (rng) => `${int(rng, 1000, 9999)}`,
  inr_num: (rng) => `${pick(rng, [int(rng, 10, 99) * 50, int(rng, 1, 49) * 1000, int(rng, 100, 9999)])}.00`,
};

export const EN_MORE_FAMILY_SIZE = FAMILY_SIZE;
