/**
 * Binary logistic regression over sparse binary features (a text has a feature or not), trained with
 * AdaGrad and L2 regularisation in a seeded order, so the same data gives the same weights on every run.
 * Written here rather than taken from a package: the registry's logistic regressions (ml-logistic-
 * regression and its kin) take dense matrices, and tens of thousands of n-gram columns by thousands of
 * texts do not fit that shape; the maths is thirty lines.
 */
export interface TrainingExample {
  features: readonly string[];
  /** 1 for the positive class (marketing), 0 for the other. */
  label: 0 | 1;
}

export interface TrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** L2 for the named features (`sig:`, `t:`, `shape:`), which generalise, when it differs from `l2`. */
  l2Named?: number;
  seed: number;
}

const NAMED = /^(?:sig|t|shape):/u;

export interface LogisticModel {
  bias: number;
  weights: Map<string, number>;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logit(model: LogisticModel, features: readonly string[]): number {
  let z = model.bias;
  for (const feature of features) z += model.weights.get(feature) ?? 0;
  return z;
}

export function trainLogistic(examples: readonly TrainingExample[], options: TrainingOptions): LogisticModel {
  const weights = new Map<string, number>();
  const squaredGradients = new Map<string, number>();
  let bias = 0;
  let biasSquared = 0;
  let state = options.seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const order = examples.map((_, index) => index);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const example = examples[index]!;
      const error = sigmoid(logit({ bias, weights }, example.features)) - example.label;
      for (const feature of example.features) {
        const weight = weights.get(feature) ?? 0;
        const l2 = options.l2Named !== undefined && NAMED.test(feature) ? options.l2Named : options.l2;
        const gradient = error + l2 * weight;
        const squared = (squaredGradients.get(feature) ?? 0) + gradient * gradient;
        squaredGradients.set(feature, squared);
        weights.set(feature, weight - (options.learningRate * gradient) / Math.sqrt(squared + 1e-8));
      }
      biasSquared += error * error;
      bias -= (options.learningRate * error) / Math.sqrt(biasSquared + 1e-8);
    }
  }
  return { bias, weights };
}
