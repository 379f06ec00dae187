import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';

/**
 * The image's build stage, replayed without a Docker daemon: the files its COPY lines name (and only
 * those, minus .dockerignore) go into an empty folder standing for WORKDIR, and its RUN lines run there.
 * A build that needs a file the Dockerfile forgets to copy (vite.config.ts once) fails here.
 */
interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string | null;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const stages: Stage[] = [];
  for (const line of lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    const upper = keyword!.toUpperCase();
    if (upper === 'FROM') stages.push({ name: /\bAS\s+(\S+)$/i.exec(args!)?.[1] ?? null, instructions: [] });
    stages[stages.length - 1]!.instructions.push({ keyword: upper, args: args!.replace(/\s+/g, ' ') });
  }
  return stages;
}

/** .dockerignore's patterns as a test on a context-relative path (or any of its parents). */
function dockerIgnore(root: string): (path: string) => boolean {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  expect(patterns.every((p) => !p.startsWith('!'))).toBe(true); // exceptions are not modelled here
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/\/$/, '')
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')}$`,
      ),
  );
  return (path) => {
    const parts = path.split('/');
    return parts.some((_, i) => regexes.some((r) => r.test(parts.slice(0, i + 1).join('/'))));
  };
}

/** A COPY source: a path, or a file name pattern with `*` in its last part. */
function expandSource(root: string, source: string): string[] {
  const clean = posix.normalize(source).replace(/^\.\//, '').replace(/\/$/, '');
  if (!clean.includes('*')) return existsSync(join(root, clean)) ? [clean] : [];
  const dir = posix.dirname(clean);
  const pattern = new RegExp(
    `^${posix
      .basename(clean)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return readdirSync(join(root, dir))
    .filter((name) => pattern.test(name))
    .map((name) => (dir === '.' ? name : `${dir}/${name}`));
}

describe('docker/Dockerfile', () => {
  const root = process.cwd();
  const stages = parseDockerfile(readFileSync(join(root, 'docker/Dockerfile'), 'utf8'));
  const build = stages.find((s) => s.name === 'build')!;
  let workdir: string;

  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it('builds from exactly the files its build stage copies (replayed without a Docker daemon)', () => {
    expect(build).toBeDefined();
    workdir = mkdtempSync(join(tmpdir(), 'veil-image-build-'));
    const ignored = dockerIgnore(root);
    const env: Record<string, string> = {};
    let cwd = workdir;
    const ran: string[] = [];
    for (const { keyword, args } of build.instructions) {
      if (keyword === 'WORKDIR') {
        // The stage's WORKDIR (/app) is the temporary folder.
        expect(args).toBe('/app');
        cwd = workdir;
      } else if (keyword === 'ENV') {
        const [name, value] = args.split(/[= ](.*)/s);
        env[name!] = value!;
      } else if (keyword === 'COPY') {
        expect(args.startsWith('[')).toBe(false); // the JSON form is not modelled here
        const parts = args.split(' ').filter((p) => !p.startsWith('--'));
        const dest = parts.pop()!;
        for (const source of parts) {
          const matches = expandSource(root, source);
          expect({ source, matches: matches.length > 0 }).toEqual({ source, matches: true });
          for (const match of matches) {
            const target =
              dest.endsWith('/') || parts.length > 1 || source.includes('*')
                ? join(cwd, dest, posix.basename(match))
                : join(cwd, dest);
            mkdirSync(dirname(target), { recursive: true });
            cpSync(join(root, match), target, { recursive: true, filter: (from) => !ignored(relative(root, from)) });
          }
        }
      } else if (keyword === 'RUN') {
        // npm takes packages from its local cache when it has them (same lock file, same integrity
        // hashes as a download), so the replay does not depend on the network.
        const inherited: Record<string, string | undefined> = { ...process.env };
        delete inherited.NODE_ENV; // Jest's `test`; the stage sets its own with ENV if it wants one
        const result = spawnSync('sh', ['-c', args], {
          cwd,
          env: { ...inherited, ...env, npm_config_prefer_offline: 'true' },
          encoding: 'utf8',
        });
        expect({
          command: args,
          status: result.status,
          output: result.status === 0 ? '' : `${result.stdout}\n${result.stderr}`.slice(-3000),
        }).toEqual({
          command: args,
          status: 0,
          output: '',
        });
        if (/\bnpm ci\b/.test(args)) expect(`${result.stdout}${result.stderr}`).not.toMatch(/EBADENGINE/);
        ran.push(args);
      }
    }
    expect(ran).toContain('npm run build');
    // What the runtime stage takes from this one is there.
    const copiesFromBuild = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && i.args.includes('--from=build'))
      .map((i) => i.args.split(' ').filter((p) => !p.startsWith('--'))[0]!);
    expect(copiesFromBuild).toEqual(['/app/dist']);
    for (const path of copiesFromBuild) expect(existsSync(join(workdir, relative('/app', path)))).toBe(true);
    expect(existsSync(join(workdir, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(workdir, 'dist/admin-ui/index.html'))).toBe(true);
  }, 300_000);
});
