import { campaignBands, campaignKey, campaignShingles } from './campaign-fingerprint.js';

const key = campaignKey(Buffer.alloc(32, 7));
const shared = (a: string, b: string) => {
  const bands = new Set(campaignBands(a, key));
  return campaignBands(b, key).filter((band) => bands.has(band)).length;
};

describe('campaign fingerprints', () => {
  it('match copies that differ in numbers, names, links and order ids', () => {
    expect(
      shared(
        'Hi Anna, your order 88213344 qualifies: 20% off your next shop with code SAVE20 at bit.ly/x1. Ends Sunday',
        'Hi Tom, your order 99120077 qualifies: 35% off your next shop with code SAVE35 at bit.ly/q9. Ends Sunday',
      ),
    ).toBe(8);
    expect(
      shared(
        '【优衣库】张女士您好，会员日全场8折，订单123456可用，详询13800138000',
        '【优衣库】王先生您好，会员日全场7折，订单654321可用，详询13900139000',
      ),
    ).toBeGreaterThan(0);
  });

  it('do not match different texts from the same sender', () => {
    expect(
      shared(
        "I'm outside your building, please come down for the parcel",
        'Your refund of £20 was processed today, allow 3 days',
      ),
    ).toBe(0);
    expect(shared('您的快递已放在驿站，取件码1234', '亲，明天上门安装空调，请家里留人')).toBe(0);
  });

  it('depend on the key, so a stored band cannot be checked against a guessed text without it', () => {
    const text = 'Flash sale today only, 50% off everything';
    expect(campaignBands(text, key)).toHaveLength(8);
    expect(campaignBands(text, campaignKey(Buffer.alloc(32, 8)))).not.toEqual(campaignBands(text, key));
  });

  it('drop greeted names and keep Chinese as character triples', () => {
    expect(campaignShingles('Hi Anna, see you')).toEqual(campaignShingles('Hi Tom, see you'));
    expect(campaignShingles('优惠券')).toEqual(['优惠券']);
    expect(campaignBands('   ', key)).toEqual([]);
  });
});
