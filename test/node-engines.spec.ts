import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// semver comes with npm's own tree here (fastify depends on it); it is the rule npm applies to `engines`.
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const dockerfile = readFileSync('docker/Dockerfile', 'utf8');

describe('Node 20 is supported by what is installed (npm ci prints no EBADENGINE warning)', () => {
  const range: string = packageJson.engines.node;
  const oldest = semver.minVersion(range)!.version;

  it('declares Node 20 in package.json, the lock file and the image alike', () => {
    expect(semver.satisfies('20.19.0', range)).toBe(true);
    expect(lock.packages[''].engines).toEqual(packageJson.engines);
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(images.length).toBeGreaterThan(0);
    for (const major of images) expect(major).toBe(Number(oldest.split('.')[0]));
  });

  it('locks no package whose engines refuse the oldest Node that package.json accepts', () => {
    const refusing = Object.entries(lock.packages as Record<string, { version?: string; engines?: { node?: string } }>)
      .filter(([path, entry]) => path !== '' && typeof entry.engines?.node === 'string')
      .filter(([, entry]) => !semver.satisfies(oldest, entry.engines!.node!))
      .map(([path, entry]) => `${path}@${entry.version} wants node ${entry.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});
