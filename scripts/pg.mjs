// A throwaway PostgreSQL cluster on 127.0.0.1 for the tests (CI has no database running).
// As root it runs as the `postgres` user, since initdb refuses to run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function binDir() {
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return path.dirname(which.stdout.trim());
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts a cluster; resolves to { url, pid, stop } or undefined when PostgreSQL is not installed.
 * `settings`: more `-c name=value` server settings (the bench sizes max_connections itself).
 */
export async function startPostgres(settings = {}) {
  const bin = binDir();
  if (!bin) return undefined;
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerside-pg-'));
  chmodSync(dir, 0o700);
  const run = (cmd, args) => {
    const full = path.join(bin, cmd);
    if (isRoot) {
      execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
    } else {
      execFileSync(full, args, { stdio: 'pipe' });
    }
  };
  if (isRoot) {
    const { uid, gid } = userIds('postgres');
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = Object.entries({ max_connections: 200, ...settings }).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${options}`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    /** The server's log (what auto_explain writes, for one). */
    logFile: path.join(dir, 'log'),
    /** The postmaster's process id (its backends are its children). */
    pid: Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function userIds(name) {
  const out = execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim();
  const gid = execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim();
  return { uid: Number(out), gid: Number(gid) };
}
