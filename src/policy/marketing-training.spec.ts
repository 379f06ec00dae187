import { trainMarketingModel } from '../../scripts/policy/train.js';
import { loadMarketingModel } from './marketing-model.js';

describe('npm run train:policy', () => {
  it('reproduces the committed model: its thresholds and its figures on every split', () => {
    const committed = loadMarketingModel();
    const retrained = trainMarketingModel();
    expect(retrained.thresholds).toEqual(committed.thresholds);
    expect(retrained.figures).toEqual(committed.figures);
  });
});
