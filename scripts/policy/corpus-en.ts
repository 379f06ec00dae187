import { int, pick, type Family, type Slots } from './corpus-engine.js';

/**
 * English texts a buyer may receive through a relay number: what shops, local businesses and bulk senders
 * push (marketing), and what couriers, sellers and people really send (legitimate), including SMS-speak.
 */

const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const code = (rng: () => number) =>
  Array.from({ length: int(rng, 2, 4) }, () => pick(rng, [...letters])).join('') + int(rng, 5, 99);

export const EN_SLOTS: Slots = {
  shop: [
    'Northpeak',
    'Glow Studio',
    'Boots',
    'Argos',
    'Currys',
    'Zara',
    'H&M',
    'Sephora',
    'Nike',
    'ASOS',
    'Tesco',
    'Lidl',
    'Superdry',
    'Boohoo',
    'JD Sports',
    'Very',
    'Next',
    'River Island',
    'Pandora',
    'Lush',
    'Oak & Ember',
    'Bloom Florist',
    'PetPlanet',
    'Shoe Zone',
    'TechHub',
    'Luxe Nails',
    'Papa Johns',
    'Dominos',
    'Greggs',
    'Costa',
    'Wilko',
    'Matalan',
    'Primark',
    'Uniqlo',
    'Debenhams',
    'Sports Direct',
    'Wayfair',
    'IKEA',
    'Screwfix',
    'The Body Shop',
    'Beauty Bay',
    'Mango',
    'Gap',
    'Old Navy',
    'Target',
    'Walmart',
    'Best Buy',
    'Kohls',
    'Macys',
    'Ulta',
    'Etsy shop Sunny Knits',
    'FitBox Gym',
    'Spice Garden',
    'Bella Pizza',
    'Urban Barber',
  ],
  product: [
    'jeans',
    'trainers',
    'sofas',
    'laptops',
    'headphones',
    'skincare',
    'perfume',
    'dresses',
    'jackets',
    'bedding',
    'garden furniture',
    'kids clothes',
    'phones',
    'TVs',
    'smart watches',
    'handbags',
    'sunglasses',
    'makeup',
    'vitamins',
    'pet food',
    'coffee machines',
    'air fryers',
    'mattresses',
    'hoodies',
    'boots',
    'swimwear',
    'toys',
    'candles',
    'wine',
    'pizzas',
    'gym kit',
    'rugs',
    'lamps',
    'tablets',
    'gaming chairs',
    'hair dryers',
  ],
  pct: (rng) => `${pick(rng, [10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80])}%`,
  money: (rng) => `${pick(rng, ['£', '$', '£', '€'])}${pick(rng, [5, 10, 15, 20, 25, 30, 50, 100, 150, 200, 250, 500, 1000])}`,
  price: (rng) => `${pick(rng, ['£', '$'])}${int(rng, 2, 99)}.${pick(rng, ['99', '49', '00', '95'])}`,
  prize_money: (rng) => `£${pick(rng, [100, 250, 500, 750, 800, 900, 1000, 1500, 2000, 3000, 5000])}`,
  code: code,
  shortcode: (rng) => `${pick(rng, ['8', '6', '7', '8'])}${int(rng, 1000, 9999)}`,
  premium: (rng) => `09${int(rng, 0, 1)}${int(rng, 10000000, 99999999)}`,
  freephone: (rng) => `0800 ${int(rng, 100, 999)} ${int(rng, 1000, 9999)}`,
  phone: (rng) => `07${int(rng, 100, 999)} ${int(rng, 100000, 999999)}`,
  landline: (rng) => `0${int(rng, 1000, 2099)} ${int(rng, 100000, 999999)}`,
  url: [
    'bit.ly/{code}',
    'tinyurl.com/{code}',
    'www.{domain}.co.uk',
    '{domain}.com/sale',
    'https://{domain}.com/offers',
    'www.{domain}.com',
    '{domain}.co.uk/deals',
    'https://go.{domain}.com/{code}',
    'shpfy.link/{code}',
  ],
  domain: [
    'northpeak',
    'glowstudio',
    'dealzone',
    'megasavers',
    'shopmate',
    'fitbox',
    'homefinder',
    'quickloans',
    'learnfast',
    'urbanbarber',
    'txtwin',
    'phoneswapper',
    'luxenails',
    'bestmobiles',
    'kidzone',
  ],
  footer: [
    'Reply STOP to opt out',
    'Txt STOP to {shortcode}',
    'STOP2END',
    'Text STOP to {shortcode} to unsubscribe',
    'Msg&data rates may apply. Reply STOP to cancel',
    'To opt out reply STOP',
    'call2optout/{code}',
    'T&Cs apply',
    'T&C apply, 18+',
    'Unsub: reply STOP',
    'Opt out: txt NOMORE to {shortcode}',
    'Done with these? reply STOP',
    '£1.20 per text',
    '£1.50/wk. Stop: txt STOP',
    'Rules by post: Box {n3}, {town}',
    'Std msg rates',
    'No longer want these? txt STOP',
    'Reply END to stop',
    'Text OPTOUT to {shortcode}',
    'Opting out costs nothing: STOP to {shortcode}',
    '16+ only',
  ],
  n3: (rng) => `${int(rng, 100, 999)}`,
  n2: (rng) => `${int(rng, 2, 60)}`,
  town: ['London', 'Leeds', 'Manchester', 'Glasgow', 'Bristol', 'Cardiff', 'Leicester', 'Croydon', 'Brighton', 'Reading'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'Sat', 'Sun', 'Fri'],
  date: (rng) => `${int(rng, 1, 28)}/${int(rng, 1, 12)}`,
  time: (rng) => `${int(rng, 1, 11)}${pick(rng, ['am', 'pm', ':30', ':15', 'pm', ''])}`,
  name: [
    'Sam',
    'Anna',
    'Jess',
    'Tom',
    'Priya',
    'Mo',
    'Chloe',
    'Dan',
    'Ali',
    'Kate',
    'Ben',
    'Lucy',
    'Raj',
    'Emma',
    'Josh',
    'Mia',
    'Leo',
    'Zara',
    'Ollie',
    'Nat',
  ],
  deadline: [
    'Ends {day}',
    'Today only',
    'This weekend only',
    'Ends midnight',
    'While stocks last',
    'Offer ends {date}',
    'Hurry, ends soon',
    '48 hrs only',
    'Limited time only',
    'Last chance',
    'Valid till {date}',
    'Until {day}',
    "Don't miss out",
    'For a limited time',
    'Ends tonight',
    'Final hours',
    'Only {n2} left',
    'Selling fast',
  ],
  cta: [
    'Shop now',
    'Shop now at {url}',
    'Tap {url}',
    'Order today',
    'Visit us in store',
    'Grab yours at {url}',
    'See more: {url}',
    'Book now on {landline}',
    'Call {freephone} now',
    'Click {url}',
    'Pop in today',
    'Order online at {url}',
    'Claim at {url}',
    'Browse the range: {url}',
    'Get yours: {url}',
    'Come in and see us',
    'Find your nearest store at {url}',
  ],
  discount: [
    '{pct} off',
    'up to {pct} off',
    'an extra {pct} off',
    'half price',
    'buy one get one free',
    '2 for 1',
    '3 for 2',
    '{money} off when you spend {money}',
    'save {money}',
    'prices from {price}',
    'everything under {price}',
    '{pct} off everything',
    'BOGOF',
    'save up to {pct}',
    'free delivery over {money}',
  ],
  hype: ['', '', '!', '!!', ' 🔥', ' 🎉', '!!!', ' ✨', ' 😍'],
  sale_name: [
    'Summer Sale',
    'Winter Sale',
    'Mid-Season Sale',
    'Clearance',
    'Flash Sale',
    'Big Savings Event',
    'Warehouse Sale',
    'Spring Event',
    'Mega Sale',
    'Price Drop',
    'Stock Clearance',
    'Closing Down Sale',
    'Weekend Deals',
    'Super Saver week',
  ],
  festival: [
    'Black Friday',
    'Cyber Monday',
    'Christmas',
    'Boxing Day',
    'Easter',
    "Valentine's",
    "Mother's Day",
    "Father's Day",
    'Halloween',
    'Back to School',
    'New Year',
    'Bank Holiday',
    'Prime Day',
    "Singles' Day",
    'Diwali',
    'Eid',
    'Thanksgiving',
  ],
  handset: [
    'Samsung Galaxy',
    'iPhone',
    'Nokia',
    'Motorola',
    'Sony Ericsson',
    'Google Pixel',
    'Xiaomi',
    'Oppo',
    'photo phone',
    'Blackberry',
    'flip phone',
  ],
  network: ['Orange', 'Vodafone', 'O2', 'EE', 'Three', 'T-Mobile', 'Virgin Mobile', 'Giffgaff', 'Tesco Mobile', 'Sky Mobile'],
  prize: [
    'cash prize',
    'holiday',
    'Nokia',
    'iPod',
    'gift voucher',
    'week in a seaside cottage',
    'PlayStation',
    '£500 Tesco voucher',
    'new car',
    'mobile phone',
    'smart speaker',
    'shopping spree',
    'weekend break',
  ],
  place: [
    'Canary Wharf',
    'Stratford',
    'Salford Quays',
    'Kings Cross',
    'the city centre',
    'Riverside',
    'Green Park',
    'the marina',
    'Milton Keynes',
    'Croydon',
  ],
  course: [
    'IELTS',
    'English speaking',
    'coding',
    'Python',
    'data science',
    'accountancy',
    'driving',
    'guitar',
    'yoga teacher training',
    'forklift licence',
    'maths tutoring',
    'CSCS card',
    'first aid',
    'digital marketing',
  ],
  job: [
    'delivery drivers',
    'warehouse staff',
    'care assistants',
    'bar staff',
    'cleaners',
    'sales reps',
    'data entry clerks',
    'security guards',
    'chefs',
    'home workers',
  ],
};

export const EN_MARKETING: readonly Family[] = [
  // Shop and brand promotions
  { kind: 'shop_promo', templates: ['{shop}: {sale_name} now on{hype} {discount} {product}. {deadline}. {cta}. {footer?}'] },
  {
    kind: 'shop_promo',
    templates: [
      '{sale_name} at {shop}{hype} [Get|Enjoy|Take] {discount} [on|across] {product} [in store and online|online only|in all stores]. {footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'Hi {name}, {discount} on [all|selected] {product} this week at {shop}. [Use code|Code:] {code} at checkout. {deadline}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'NEW IN at {shop}: [the new|our latest|fresh] {product} [range|collection|edit] has landed{hype} [Be the first to shop|Shop the drop|Take a look] {url}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      "{shop} [massive|huge|crazy] [sale|clearance]: [up to {pct} off|prices slashed|everything must go]! [Doors open|Starts] {time} {day}. [Don't miss it|Be early|First come first served]",
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[Psst|Hey|Good news] {name}[,|!] the {product} you [love|liked] [are|is] now {discount}{hype} [Only|Just] at {shop}. {url}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: ['{shop} flash deal: {product} from {price}, [next {n2} hrs only|today only|till midnight]. {cta} {footer?}'],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[Pizza night|Hungry?|Lunch sorted]! {discount} [any|all] [large pizzas|meal deals|burgers|curries] at {shop} [tonight|today|this week]. Order: {url} [Code {code}|Use {code}]',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{shop}: treat yourself{hype} [Manicure|Haircut|Facial|Massage|Brow shape] [now {price}|from {price}|{discount}] [this month|Mon-Thu|all week]. Book: {landline} {footer?}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[GRAND OPENING|NOW OPEN|We are open]! {shop} [on High St|at {place}|near you] - {discount} [all week|opening weekend|for the first 100 customers]. Come say hi{hype}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{shop} [exclusive|VIP|private] [preview|event|shopping night]: {discount} + [free gift|a free goodie bag|bubbly on arrival]. {day} {time}. [RSVP|Reply YES to book|Book your spot]: {url}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: ['[Free|FREE] [delivery|shipping] on everything this weekend at {shop}{hype} No minimum spend. {cta}'],
  },
  {
    kind: 'shop_promo',
    templates: [
      '[Price drop|Prices cut|Lower prices] on [hundreds of|1000s of|over 500] {product} at {shop}. [Was {price} now {price}|From {price}]. {url}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      'Dear customer, {shop} [is having|has] a {sale_name} with {discount} [on|off] {product}. [Visit|Shop at] {url} or [call|ring] {landline}. {footer}',
    ],
  },
  {
    kind: 'shop_promo',
    templates: [
      '{shop} - [NEW SEASON|AW collection|SS collection|Summer range] [out now|just dropped|is here]! [Shop the looks|See the edit|Shop early] [before they sell out|online now]: {url}',
    ],
  },
  // Member days and loyalty
  {
    kind: 'member_day',
    templates: [
      '[Members Day|Member Week|VIP Day] at {shop}{hype} [Double|Triple|2x] points [on everything|on all {product}] [this {day}|today|all weekend]. [Show your card|Scan the app] in store',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      '{name}, as a [valued|loyal] {shop} member you [get|unlock] {discount} + [early access|free delivery|bonus points]. [Ends {day}|This week only]. {url}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      'Your {shop} points [balance|total] is {n3}. [Redeem|Spend] [them|your points] for {money} off [before they expire|this weekend|in store]. {footer?}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      '[Join|Sign up to] the {shop} [rewards club|loyalty club|VIP list] [today|now] [and get|for] {discount} your [next order|first shop]. [Free to join|Takes 1 min]: {url}',
    ],
  },
  {
    kind: 'member_day',
    templates: [
      "It's your [birthday|bday] month{hype} Enjoy {discount} [and a free treat|plus a free gift] from {shop}. Code {code}, [valid {n2} days|ends {date}]",
    ],
  },
  // Festival sales
  {
    kind: 'festival_sale',
    templates: [
      '{festival} [Sale|Deals|Offers] [start now|are here|are live] at {shop}{hype} {discount} {product}. {deadline}. {cta} {footer?}',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      '[Get ready for|Countdown to|Celebrate] {festival} with {shop}: {discount} [sitewide|storewide|on gifts]. [Order by {date} for delivery in time|Gifts from {price}]. {url}',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      '{festival} [special|treat|offer]: [buy 2 get 1 free|{discount}|free gift wrap + {discount}] on {product} at {shop}. {deadline}',
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      "[Happy|Merry|Have a lovely] {festival} from all at {shop}! [To celebrate|As a thank you|Our gift to you] here's {discount} - code {code}. {footer}",
    ],
  },
  {
    kind: 'festival_sale',
    templates: [
      '{festival} doorbusters [from {price}|up to {pct} off]! [Early bird|Doors open at {time}|Online from midnight]. {shop} {url}',
    ],
  },
  // Coupons
  {
    kind: 'coupon',
    templates: [
      "Here's your {money} [voucher|coupon|gift card] for {shop}{hype} Use code {code} [on orders over {money}|at checkout|in store]. Expires {date}",
    ],
  },
  {
    kind: 'coupon',
    templates: ['[Your|A] [free|FREE] {money} [credit|reward|voucher] is waiting! [Claim|Activate] [it|now] at {url} {deadline}'],
  },
  {
    kind: 'coupon',
    templates: [
      '{shop} [coupon|discount code]: {code} = {discount} [your next order|any purchase|{product}]. [1 use per customer|Online only|Show this text in store]',
    ],
  },
  {
    kind: 'coupon',
    templates: [
      'Show this text at {shop} for a [free coffee|free dessert|free drink|free side|free upgrade] with any [meal|purchase|order] [this week|until {day}]. {footer?}',
    ],
  },
  {
    kind: 'coupon',
    templates: ['[Unlock|Grab|Claim] {discount} [with|using] code {code} at {url} - [today only|valid 48hrs|ends {day}]{hype}'],
  },
  // Handset and tariff offers (SMS-speak era)
  {
    kind: 'handset_tariff',
    templates: [
      '[Upgrade time|Time for a new phone]? [Trade in|Swap] [your|ur] old handset [and|&] [pick up|take home] a {handset} [at no upfront cost|with nothing to pay today|for £0 down] on [a 24-month plan|our Talk&Text bundle|a new contract]. [Ring|Phone] {freephone} [now|today]',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '[FREE|Free] {handset} [for|to] {network} customers{hype} [Unlimited texts|500 free mins|5GB data] [for just|only] {price}/month. Call {freephone} or reply CALL. {footer}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      'The {handset} you looked at is [back in stock|available again] [at zero upfront cost|with £0 to pay now] [plus|and] [wireless earbuds|a free case and charger|{n2}0GB extra data]! Ring PhoneSwapper on {freephone} or reply SWAP to {shortcode}. {footer}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '{network}: [Switch|Move] to our [SIM only|unlimited data|5G] [plan|deal] for {price} a month{hype} [Keep your number|No credit check|Cancel anytime]. {url}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '[Fresh|New this week]: [chart|ringback|classic] [alert sounds|tunes|wallpapers|mini games] for [your|ur] handset! [Reply|Send] [BEEP|PLAY|JINGLE] to {shortcode}. {price} per [week|msg]. {footer}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '[Broadband|Fibre] [deal|offer]: {n3}Mb for {price}/mth + [free router|no setup fee|free Netflix]. [Switch today|Check your postcode] at {url} {footer?}',
    ],
  },
  {
    kind: 'handset_tariff',
    templates: [
      '[Good news|Heads up]: [your|ur] [line|account] [now qualifies|has qualified] for [an early upgrade|a new {handset}|{n2}% off your bill]. Reply UPGRADE [or call|to] {freephone}. {footer}',
    ],
  },
  // Property
  {
    kind: 'property',
    templates: [
      '[New|Luxury|Stunning] [1 and 2|2 and 3|1, 2 & 3] bed [apartments|homes|flats] at {place} from £{n3}k. [5% deposit|Help to Buy|Shared ownership available]. [Book a viewing|Show home open {day}]: {landline}',
    ],
  },
  {
    kind: 'property',
    templates: [
      '[Thinking of selling|Want to know what your home is worth]? [Free|FREE] valuation from {shop} Estates [this week|today]. [Call|Text] {phone} {footer?}',
    ],
  },
  {
    kind: 'property',
    templates: [
      '[Investors|Landlords]: [off-plan|buy-to-let] [units|flats] in {place} with [8% yield|guaranteed rent|{pct} below market value]. [Limited units|Only {n2} left]. {url}',
    ],
  },
  {
    kind: 'property',
    templates: [
      '[Open house|Open day] this {day} at {place}{hype} [Pre-launch prices|Exclusive prices|Stamp duty paid] on [new homes|townhouses|penthouses]. Register: {url}',
    ],
  },
  // Courses
  {
    kind: 'course',
    templates: [
      'Learn {course} in [8|6|12] weeks! [First lesson free|{discount} early bird|Places filling fast]. Enrol now: {url} or call {landline}',
    ],
  },
  {
    kind: 'course',
    templates: [
      '[Boost your career|Get qualified|Change your life] with our [online|weekend|evening] {course} course. [Only|Just] {price}/wk. [Start {day}|Enrol by {date}]. {footer}',
    ],
  },
  {
    kind: 'course',
    templates: [
      '[Summer|Half-term|Holiday] {course} [camp|classes|bootcamp] for [kids|teens|adults] - {discount} if you book [before {date}|this week]. {url}',
    ],
  },
  {
    kind: 'course',
    templates: [
      '[Need|Want] to pass your {course} [test|exam]? [Guaranteed pass|98% pass rate|Expert tutors]. [Free trial lesson|Book a free consultation]: {phone}',
    ],
  },
  // Loans and insurance
  {
    kind: 'loan',
    templates: [
      '[Need cash fast|Short of cash|Bills piling up]? [Loans|Borrow] {money}-£{n3}0 [approved in minutes|same day payout|no credit checks]. [Apply|Text LOAN to {shortcode}|Call {freephone}]. {footer?}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      "[You have been|You've been] [pre-approved|selected] for a [loan|credit line|credit card] of up to £{n3}0 at {pct} APR. [Bad credit OK|No paperwork]. {url}",
    ],
  },
  {
    kind: 'loan',
    templates: [
      '[Struggling with debt|In debt]? [Write off up to 80%|Cut your payments] with a [government|debt] scheme. [Free advice|See if you qualify]: reply YES or call {freephone}. {footer}',
    ],
  },
  {
    kind: 'loan',
    templates: [
      '[Paid for car finance before 2021|Had a loan you could not afford|Hurt in a crash that was not your fault]? [Our claims team could recover|You might be owed] £{n3}0 [or more|in refunds]. [Reply CLAIM|Call {freephone}|Check now at {url}]. {footer}',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      '[Car|Home|Pet|Travel|Van] insurance [renewal due|renewing soon]? [Compare and save|We can beat your quote|Save up to] {money}. [Get a quote|Call] {freephone} {footer?}',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      '[Protect your family|Life cover] from [just |only ]{price} a month{hype} [No medical|Free gift when you join|Instant cover]. Call {freephone} [today|now] {footer}',
    ],
  },
  {
    kind: 'insurance',
    templates: [
      '{shop} [Insurance|Cover]: [your quote is ready|we saved a quote for you] - [from|only] {price}/mth. [Buy now|Complete in 2 mins] at {url}',
    ],
  },
  // Recruitment
  {
    kind: 'recruitment',
    templates: [
      '[Now hiring|We are hiring|Jobs available]: {job}, £{n2}/hr[, weekly pay|, start tomorrow|, no experience needed]. [Apply|Text JOB to {shortcode}|Reply YES]',
    ],
  },
  {
    kind: 'recruitment',
    templates: [
      '[Earn|Make] £{n3}-£{n3}0 a week [from home|in your spare time|on your phone]! [No experience needed|Flexible hours|Easy work]. [Reply INFO|WhatsApp {phone}|Visit {url}] {footer?}',
    ],
  },
  {
    kind: 'recruitment',
    templates: [
      'Hi {name}, [I saw your CV|we found your profile|a recruiter picked you] - [part-time|remote|online] role paying £{n3}/day. [Interested? Reply YES|Add me on WhatsApp {phone}]',
    ],
  },
  // Prize lures
  {
    kind: 'prize_lure',
    templates: [
      '[Big news|Well done|Surprise]! [Your entry has been drawn|Your ticket came up|Your phone number was chosen] [and|-] {prize_money} [or|plus] a {prize} [is yours|awaits you]. [Ring|Phone] {premium} [and quote|with ref] {code}. {footer}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Loyalty reward|Thank-you draw]: [customers on your tariff|long-standing account holders] [went into|were entered in] [our|a] [spring|seasonal] draw [and yours came out|and you were picked]. {prize_money} [held for you|on hold]: phone {premium}, ref {code}. [Expires in {n2} hrs|{footer}]',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Join|Play] [our|the] [Saturday|monthly|fortnightly] [prize quiz|puzzle challenge|trivia round] [for a shot at|to try for] [two cup final seats|a {prize}|{prize_money}]. [Reply|Send] [QUIZ|PLAY|GO] to {shortcode} [for your first question|to join]. {footer}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Lucky you|Great news]{hype} [Our|The] [Xmas|summer|spring] raffle [picked your number|landed on you] and a {prize} [sits in your name|is held at our office]. [Ring|Phone] {premium} [by {date}|today]. {footer}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Spin|Play] [the wheel|our game] [for a chance to win|and win] [up to {prize_money}|a {prize}]{hype} [One spin per customer|Play now]: {url}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Your|Ur] [number|mobile number] [was picked|has been drawn|came up] in [our|the] [monthly|weekly] [prize draw|lottery]! [Collect|Claim] [ur|your] {prize} - call {premium} [before noon|now]. [{footer}|Box {n3} {town}]',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Hot|Lonely|Local] [singles|girls|guys] [in your area|near you] [want 2 chat|are waiting]! [Txt|Text] [CHAT|DATE|MEET] to {shortcode} [now|2 start]. {price}/msg. {footer}',
    ],
  },
  {
    kind: 'prize_lure',
    templates: [
      '[Claim|Get] your [free|FREE] [£|$]{n3} [Amazon|Tesco|Argos] gift card [now|today] - [just answer 3 questions|complete our survey|verify your details] at {url}',
    ],
  },
  // Re-engagement
  {
    kind: 're_engagement',
    templates: [
      "[We miss you|Long time no see|It's been a while], {name}{hype} [Come back|Pop back] [and enjoy|for] {discount} [your next order|everything]. Code {code}. {deadline}",
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      "[Haven't seen you|You haven't visited|You haven't ordered] in [ages|a while|{n2} days]! [Here's|Enjoy] {discount} [to welcome you back|on us]. {cta} {footer?}",
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      '[Still thinking about it|Forgot something|You left something behind]? [The|Your] {product} [are|is] still in your [basket|cart]. [Complete your order|Check out now] [and get {discount}|- {deadline}]: {url}',
    ],
  },
  {
    kind: 're_engagement',
    templates: [
      '[Time to restock|Running low]? [Reorder|Top up] your {product} [in one tap|now] and [save {pct}|get free delivery] at {shop}. {url}',
    ],
  },
  // Review requests
  {
    kind: 'review_request',
    templates: [
      '[How did we do|Loving your {product}|Happy with your order]? [Leave us a review|Rate us 5 stars|Tell us in a quick review] [and get|for] {discount} [your next order|next time]: {url}',
    ],
  },
  {
    kind: 'review_request',
    templates: [
      'Hi {name}, [thanks for shopping with|thank you for choosing] {shop}! [Could you|Would you] [leave a 5-star review|rate your experience|review us on Trustpilot]? [It really helps|It takes 1 min]: {url}',
    ],
  },
  {
    kind: 'review_request',
    templates: [
      '[Take our|Complete our] [2 min|quick] survey [and win|for a chance to win|to get] {money} [voucher|credit|gift card]{hype} {url} {footer?}',
    ],
  },
  // Cross-sells
  {
    kind: 'cross_sell',
    templates: [
      '[Customers who bought|People who bought|Since you bought] {product} also [love|bought|grabbed] {product}. [Get {discount} today|Now {discount}|Add them for {price}]: {url}',
    ],
  },
  {
    kind: 'cross_sell',
    templates: [
      '[Complete the look|Pair it with|Goes great with your order]: {product} [from {price}|{discount} for you]. [Shop|Add to basket] {url}',
    ],
  },
  {
    kind: 'cross_sell',
    templates: [
      '[Protect|Cover] your new {product} with [our extended warranty|a protection plan|care cover] [from|for just] {price}/mth. [Add it now|Reply YES] {footer?}',
    ],
  },
  {
    kind: 'cross_sell',
    templates: [
      '[Download|Get] the {shop} app [and get|for] {discount} [your first app order|+ free delivery]. [App only|Exclusive in-app offers]: {url}',
    ],
  },
  // Local business and company introductions
  {
    kind: 'local_business',
    templates: [
      '[Hi|Hello|Dear customer], {shop} [here|is now open near you]. We [offer|do] [carpet cleaning|gutter cleaning|boiler servicing|driveways|removals|window cleaning|house cleaning] from {price}. [Free quote|Call] {phone} {footer?}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '[Gym|FitBox Gym|Yoga studio] [January|Summer|Spring] offer: [no joining fee|first month free|{discount} membership]{hype} [Join by {date}|Sign up today]. {url}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '[Tonight|This {day}] at {shop}: [live music|quiz night|2-4-1 cocktails|karaoke|bottomless brunch] [from {time}|all night]{hype} [Book a table|Walk-ins welcome] {landline}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '[Dear sir/madam|Hello], [we are|our company is] a [leading|professional] [supplier of|provider of] [office supplies|web design|printing|SEO services|cleaning services] [with|offering] [best prices|{pct} off for new clients]. [Contact|WhatsApp] {phone}',
    ],
  },
  {
    kind: 'local_business',
    templates: [
      '{shop} [Cars|Motors]: [0% finance|{money} deposit contribution|free servicing] on [nearly new|used|electric] cars [this weekend|until {day}]. [Test drive today|Call] {landline}',
    ],
  },
];

export const EN_LEGITIMATE: readonly Family[] = [
  // Courier arrival
  {
    kind: 'courier_arrival',
    templates: [
      "[Hi|Hello], [it's|this is] [the|your] [courier|driver|delivery driver] [with your parcel|from {carrier}]. [I'm outside|I'm at your door|I'm downstairs|I'm in the lobby], [can you come down|could you come to the door|please come down][?|.|]",
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '{carrier}: [Your parcel|Your order|Your package] [will arrive|is arriving] [today|tomorrow] between {time} and {time}. [Driver|Courier]: {name}. [Track|Manage]: {carrier_url}',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '[Your parcel|The parcel] [was|has been] [left with your neighbour at no. {n2}|left in your safe place|delivered to your porch|handed to reception]. [Photo|Proof of delivery]: {carrier_url}',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '[5 mins away|Nearly there|Round the corner] with your [food|order|delivery][, see you soon|]. [{name}|Rider {name}|]',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '[Knocked|Rang the bell|Tried to deliver] [but no answer|twice, no one in], [left a card|will try again tomorrow|left it at the post office]. [Ref|Card no.] {ref}',
    ],
  },
  {
    kind: 'courier_arrival',
    templates: [
      '[Delivery|Driver] here, [your|the] [sofa|fridge|washing machine|bed frame|wardrobe] [is on the van|arrives] [in about {n2} mins|after {time}]. [Is someone home|Will you be in]?',
    ],
  },
  // Pick-up codes
  {
    kind: 'pickup_code',
    templates: [
      '[Your parcel|Your order {ref}] is ready [to collect|for collection] at [{locker}|the post office on {street}]. [Code|Collection code|PIN]: {pin}. [Collect by|Held until] {date}.',
    ],
  },
  {
    kind: 'pickup_code',
    templates: ['{carrier}: use code {pin} to open [locker|box] {n2} at {locker}. [Available 24/7|Collect within 3 days].'],
  },
  {
    kind: 'pickup_code',
    templates: [
      '[Your|The] [click & collect|collection] order [from|at] {shop} is ready. [Bring|Show] [this text|order no. {ref}] and [photo ID|your card] [to the desk|at customer service].',
    ],
  },
  // Address questions
  {
    kind: 'address_question',
    templates: [
      "[Hi|Hello], [courier|driver|delivery] here. [Is it|Which is] [flat {n2}|number {n2}|{n2}B|the blue door|the house at the back]? [Can't find the entrance|The sat nav is taking me round in circles|No number on the door].",
    ],
  },
  {
    kind: 'address_question',
    templates: [
      "[What's|Could you send me] the [gate|door|building] code[ please|]? [I'm at the front|I'm outside {street}|Waiting by the gate].",
    ],
  },
  {
    kind: 'address_question',
    templates: [
      '[Hi, is|Is] {street} [the right address|where you want it delivered|your address]? [The postcode looks wrong|The system shows a different town|There are two with that name].',
    ],
  },
  {
    kind: 'address_question',
    templates: [
      '[Seller here|Hi from the seller]: [could you confirm|please check] your [address|postcode|house number] [before I post it|for the courier]? [It came up incomplete|Just want to be sure].',
    ],
  },
  // Delays
  {
    kind: 'delay_notice',
    templates: [
      '[Sorry|Apologies], your order {ref} is [delayed|running late] [due to|because of] [bad weather|a vehicle breakdown|high volumes|a strike]. [New date|Now expected]: {day}.',
    ],
  },
  {
    kind: 'delay_notice',
    templates: [
      "[Running|I'm] [about|around] {n2} mins late[, traffic is awful|, stuck on the motorway|, sorry|]. [Still ok|Is that ok]?",
    ],
  },
  {
    kind: 'delay_notice',
    templates: [
      "[Your|The] [item|{product}] is [out of stock|on back order], [ships|should dispatch] [next week|by {date}]. [Happy to wait or want a refund|Let me know if you'd rather cancel]?",
    ],
  },
  // Refunds and returns
  {
    kind: 'refund_return',
    templates: [
      '[Your|A] refund of {price} for order {ref} [has been|was] [processed|issued]. [It can take|Allow] 3-5 working days [to show|to appear] [on your card|in your account].',
    ],
  },
  {
    kind: 'refund_return',
    templates: [
      '[To return|For the return], [print the label|use the QR code] [in your email|we sent] and [drop it at|take it to] [any post office|a {carrier} shop|the locker at {locker}]. [Return ref|RMA] {ref}.',
    ],
  },
  {
    kind: 'refund_return',
    templates: [
      "[We've received your return|Your return arrived] [for|of] the {product}. [Refund|Exchange] [on its way|being processed][, thanks|].",
    ],
  },
  {
    kind: 'refund_return',
    templates: [
      "[Sorry|Really sorry] the {product} [arrived damaged|was the wrong size|was faulty]. [We'll send a replacement|I've refunded you in full|A new one ships tomorrow], [no need to send it back|please keep it].",
    ],
  },
  // After-sales answers
  {
    kind: 'after_sales',
    templates: [
      "[Hi|Hello], [seller here|it's {name} from the shop]. [For the|About the] {product}: [hold the power button for 10 secs to reset|the size runs small, we can swap|wash at 30 only|the charger goes in the side port]. [Any problems just text|Hope that helps].",
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      "[Thanks for|Got] your message. [Could you send|Please send] a photo of [the label|the fault|the damage|the serial number] [so I can|and I'll] [sort it|check with the warehouse|log it with the manufacturer].",
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      "[The|Your] engineer [will come|is booked] [on|for] {day} between {time} and {time} to [fit|install|look at] the {product}. [Reply to change|Text if that doesn't work].",
    ],
  },
  {
    kind: 'after_sales',
    templates: [
      '[Yes|Yep|Sure], the {product} [comes with|has] a [2 year|12 month] warranty. [Keep the receipt|The invoice is in the box|Just message me if it stops working].',
    ],
  },
  {
    kind: 'after_sales',
    templates: ['[Is the|Is this] {product} still available? [I can collect {day}|Would you take {price}|Can you post it]?'],
  },
  {
    kind: 'after_sales',
    templates: ["Your verification code is {pin}. [Do not share it with anyone|It expires in 10 minutes|Don't share this code]."],
  },
  {
    kind: 'after_sales',
    templates: [
      '[Reminder|Hi {name}]: your [dentist|GP|hair|MOT|vet] appointment is on {day} at {time}. [Reply C to cancel|Call {landline} to rearrange|See you then].',
    ],
  },
  // Personal replies, SMS-speak chat
  {
    kind: 'personal',
    templates: ['[Ok|Okay|K|Okie|Sure|Yup|Kk|Alright|Cool], [see u|see you|c u] [later|tmr|at {time}|there|soon][ then|]{emo}'],
  },
  {
    kind: 'personal',
    templates: [
      "[I'll|Ill|I will] be home [late|around {time}|after 8|soon] [tonight|today|], [don't wait up|save me some dinner|traffic is mad|got stuck at work]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Can u|Could you|Pls] [pick up|grab|get] [some|] [milk|bread|eggs|nappies|teabags|the kids|my prescription] [on the way home|after work|from the shop]?{emo}',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Wat|What] time [u|you] [finish|done|leaving|coming] [2day|today|tonight|tmr]? [I'll|I can|Shall I] [pick u up|meet u|wait at the station|come round]",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Sorry|Soz], [I missed your call|can't talk now|was in a meeting|my phone died]. [Call u back|Will ring you|Text me] [later|in 10|after {time}]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Are u|R u|You] free [tonight|this weekend|on {day}|for lunch]? [Fancy|Wanna|Want to] [a drink|a coffee|the cinema|dinner|a walk]{emo}',
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Happy birthday|Happy bday|HBD] {name}[!!|!|] [Have a great day|Hope u get spoilt|Love you lots|Drinks on me]{emo}',
    ],
  },
  {
    kind: 'personal',
    templates: ["[Haha|Lol|Hahaha|Lmao] [that's brilliant|no way|u r mad|told you so|I know right|so true]{emo}"],
  },
  {
    kind: 'personal',
    templates: [
      "[We|We've] [won|lost|drew] [the match|the game|2-1|3-0|on penalties] [tonight|today]! [Coach was buzzing|Gutted|Celebrating at the pub|Next game {day}]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Got|I've got] [2|two|spare] tickets for [Sat|the gig|the match|{day}], [want one|u coming|free if you want it]? [Let me know|Lmk|Tell me by tmr]",
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Just|Only] [got|arrived] [home|in|back|to the hotel][, all good|, safe and sound|, knackered|, the flight was fine]. [Speak tmr|Night night|Love u|Xx]',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Mum|Dad|Babe|Hun|Bro|Mate], [did u|did you] [see|get] my [message|email|voicemail]? [Ring me when u can|No rush|It's about {day}]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Where r u|Where are you|U here yet|Where u at]? [I'm at the|We're by the|Waiting at the] [bar|entrance|car park|front|ticket office]",
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Thanks|Thank you|Cheers|Ta] [for|4] [tonight|dinner|the lift|the present|having us|everything][, had a great time|, really needed that|, u r a star|]{emo}',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[I'm|Im] [gonna|going to] [be|get] [there|home|to yours] [in 10|at {time}|after work|soon], [put the kettle on|save me a seat|order me a pint|start without me]",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[How was|How'd] [the interview|your exam|the doctors|work|your first day|the date]? [Hope it went well|Tell me everything|Call me after]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Do|Did] u [want|need] anything from [town|the shop|Tesco|the chemist]? [I'm going now|Heading out in 5|Last chance lol]",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Don't forget|Remember|Reminder] [it's|its] [Gran's birthday|bin day|parents evening|your turn to cook|the school trip] [tmr|on {day}|tonight]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: ['[Stop|Stop it|Pls stop] [sending me memes|laughing|making me cry laughing] [lol|haha|im at work]{emo}'],
  },
  {
    kind: 'personal',
    templates: [
      '[Had|Having] a [lovely|rubbish|long|mad] day. [Boss|The kids|Traffic|The train] [was|were] [a nightmare|fine|hilarious]. [U ok|How was urs|Chat later]?',
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Good luck|Gd luck|All the best] [today|tmr|with the exam|in the race|at the interview] {name}[!|!!|]{emo} [You got this|U will smash it|Proud of u]',
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Is it ok if|Can] [I|we] [bring|invite] [Jo|my sister|a friend|the dog] [on {day}|to the bbq|tonight]? [No worries if not|Just checking]',
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Won|Got] [the pub quiz|first prize at the raffle|a tenner on the scratch card|the office sweepstake] [lol|haha|!] [Drinks on me|Splitting it with you|Not bad for a {day}]',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Landlord|The plumber|The electrician] [is coming|will be round] [on {day}|at {time}|tmr morning] to [fix the boiler|look at the leak|check the meter]. [Can u be in|I'll leave the key under the mat]?",
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Are|R] [u|you] [free|around|busy] [later|2nite|tonight|this arvo]? [Need|Wanna] [a hand|to talk|help] [with|moving] [the sofa|my essay|something]. [Call me|Text me back|Give me a ring]',
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[The|Our] [house|car|flat] [sale|viewing] [went through|fell through|is on {day}]. [Estate agent|The buyers|Solicitor] [says|said] [we can move in {date}|they want a discount|its all fine]',
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Can|Could] [u|you] [text|call|ring] [me|mum|the school] [when|once] [u|you] [get|finish] [this|work|there]? [Its|It's] [about|re] [tmr|the kids|the car]",
    ],
  },
  {
    kind: 'personal',
    templates: [
      "[Got the job offer|They offered me the job|Passed my driving test|Sold the house|Got the flat]!!! [Can't believe it|So happy|Celebrate {day}?]{emo}",
    ],
  },
  {
    kind: 'personal',
    templates: [
      '[Class|Training|Practice|Rehearsal] [is cancelled|moved to {time}|starts at {time}] [tmr|on {day}|tonight]. [Pass it on|Tell the others|See u there]',
    ],
  },
];

export const EN_EXTRA_SLOTS: Slots = {
  carrier: [
    'DPD',
    'Evri',
    'Royal Mail',
    'DHL',
    'UPS',
    'FedEx',
    'Yodel',
    'Amazon Logistics',
    'Parcelforce',
    'InPost',
    'Hermes',
    'USPS',
  ],
  carrier_url: [
    'dpd.co/{ref}',
    'evri.com/t/{ref}',
    'royalmail.com/track',
    'dhl.com/track?id={ref}',
    'ups.com/t/{ref}',
    'inpost.co.uk/track',
  ],
  ref: (rng) => `${pick(rng, ['', 'H', 'JD', '1Z', 'AB', '#'])}${int(rng, 10000000, 99999999)}`,
  pin: (rng) => `${int(rng, 100000, 999999)}`,
  locker: [
    'InPost locker Tesco Extra',
    'the Co-op on Mill Rd',
    'Amazon Locker Station Rd',
    'the Post Office on High St',
    'Parcelshop at Spar',
    'the locker outside Lidl',
  ],
  street: [
    '12 Mill Road',
    'Flat 4, 27 Park Lane',
    '8 Church Street',
    '55 Queens Road',
    'Unit 3 Harbour Way',
    '101 Station Approach',
  ],
  emo: ['', '', '', ' :)', ' x', ' xx', ' 😂', ' 👍', ' ;-)', ' :-(', ' 😘', ' lol'],
};
