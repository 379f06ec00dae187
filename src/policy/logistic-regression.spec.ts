import { logit, sigmoid, trainLogistic } from './logistic-regression.js';

describe('trainLogistic', () => {
  const examples = [
    { features: ['sale', 'now'], label: 1 as const },
    { features: ['sale', 'today'], label: 1 as const },
    { features: ['parcel', 'today'], label: 0 as const },
    { features: ['parcel', 'now'], label: 0 as const },
  ];
  const options = { epochs: 50, learningRate: 0.5, l2: 0.001, seed: 1 };

  it('learns which features separate the classes and leaves shared ones near zero', () => {
    const model = trainLogistic(examples, options);
    expect(model.weights.get('sale')).toBeGreaterThan(1);
    expect(model.weights.get('parcel')).toBeLessThan(-1);
    expect(Math.abs(model.weights.get('now')!)).toBeLessThan(0.5);
    expect(sigmoid(logit(model, ['sale']))).toBeGreaterThan(0.8);
    expect(sigmoid(logit(model, ['parcel']))).toBeLessThan(0.2);
  });

  it('gives the same weights for the same data and seed', () => {
    expect(trainLogistic(examples, options)).toEqual(trainLogistic(examples, options));
  });

  it('computes the logistic function without overflow at both ends', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
  });
});
