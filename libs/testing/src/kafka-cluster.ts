import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './ports';
import { join } from 'node:path';
import { ROOT, RUN_DIR } from './test-env';

/**
 * Apache Kafka's own broker for development and tests, in KRaft mode (each node is broker and controller),
 * run from the jars Maven resolves for tools/kafka/pom.xml. Data lives in `dir`, so stopping and starting
 * the same cluster keeps topics, messages and committed offsets; `kill()` is a real SIGKILL.
 *
 * Nothing in production code knows about this class: services only ever see KAFKA_BROKERS.
 */
export const KAFKA_POM = join(ROOT, 'tools', 'kafka', 'pom.xml');
const LOG4J_CONFIG = join(ROOT, 'tools', 'kafka', 'log4j2.yaml');

/**
 * The Kafka version the pom names (one place: the pom's kafka.version property); KAFKA_DEV_VERSION runs
 * another (any version Maven Central serves), to try the code against it.
 */
export function kafkaVersion(): string {
  if (process.env.KAFKA_DEV_VERSION) return process.env.KAFKA_DEV_VERSION;
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(KAFKA_POM, 'utf8'));
  if (!match) throw new Error(`${KAFKA_POM} has no <kafka.version>`);
  return match[1].trim();
}

export class KafkaSetupError extends Error {}

/** Copies the broker's jars once (Maven's local repository caches the downloads); returns the lib folder. */
export function ensureKafkaDistribution(version = kafkaVersion()): string {
  const lib = join(RUN_DIR, 'kafka-dist', version, 'lib');
  const marker = join(lib, '.complete');
  if (existsSync(marker)) return lib;
  for (const tool of ['java', 'mvn']) {
    if (spawnSync(tool, ['-version'], { stdio: 'ignore' }).error) {
      throw new KafkaSetupError(`${tool} is not installed: the development broker needs Java 17 and Maven (run: sudo apt-get install -y openjdk-17-jre-headless maven)`);
    }
  }
  rmSync(lib, { recursive: true, force: true });
  const mvn = spawnSync('mvn', ['-q', '-B', '-f', KAFKA_POM, 'package', `-Dkafka.version=${version}`, `-Dlib.dir=${lib}`], { encoding: 'utf8' });
  if (mvn.status !== 0) {
    const tail = `${mvn.stdout ?? ''}${mvn.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new KafkaSetupError(`could not resolve Apache Kafka ${version} with Maven: ${tail || mvn.error?.message}`);
  }
  if (!readdirSync(lib).some((f) => f.startsWith('kafka_2.13-'))) throw new KafkaSetupError(`Maven left no kafka_2.13 jar in ${lib}`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return lib;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export interface KafkaClusterOptions {
  /** where the nodes keep their data, configuration and logs */
  dir: string;
  /** 1 (default) or 3 for replication */
  nodes?: number;
  /** client ports, one per node; default: free ports chosen at first start and kept in dir */
  ports?: number[];
  /** controller (KRaft quorum) ports, one per node; default: free ports chosen at first start */
  controllerPorts?: number[];
  heapMb?: number;
  version?: string;
}

interface Layout {
  clusterId: string;
  ports: number[];
  controllerPorts: number[];
}

export class KafkaCluster {
  readonly dir: string;
  readonly nodes: number;
  private layout!: Layout;
  private readonly procs = new Map<number, ChildProcess>();
  private readonly exits = new Map<number, Promise<void>>();
  private readonly exitListeners: ((node: number, code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  constructor(private readonly options: KafkaClusterOptions) {
    this.dir = options.dir;
    this.nodes = options.nodes ?? 1;
  }

  /** host:port list for KAFKA_BROKERS */
  get brokers(): string {
    return this.layout.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  get ports(): number[] {
    return [...this.layout.ports];
  }

  /** Formats storage on first use (once: later starts reuse it), then starts every node and waits for them. */
  async start(): Promise<void> {
    const lib = ensureKafkaDistribution(this.options.version);
    mkdirSync(this.dir, { recursive: true });
    await this.killOrphans();
    this.layout = await this.loadOrCreateLayout();
    for (let node = 1; node <= this.nodes; node++) {
      const props = this.writeProperties(node);
      if (!existsSync(join(this.dataDir(node), 'meta.properties'))) this.format(lib, props);
    }
    for (let node = 1; node <= this.nodes; node++) this.spawnNode(lib, node);
    await this.waitUntilServing();
  }

  /** SIGKILL one node (default: all): no controlled shutdown, as when a machine or a JVM dies. */
  kill(node?: number): void {
    for (const [n, proc] of this.procs) if (node === undefined || n === node) proc.kill('SIGKILL');
  }

  /** Waits for the killed node(s) to be gone, then starts them again on the same ports and data. */
  async restart(node?: number): Promise<void> {
    const lib = ensureKafkaDistribution(this.options.version);
    const which = node === undefined ? [...Array(this.nodes).keys()].map((i) => i + 1) : [node];
    for (const n of which) await this.exits.get(n);
    for (const n of which) if (!this.procs.has(n)) this.spawnNode(lib, n);
    await this.waitUntilServing(which);
  }

  /** Controlled shutdown (SIGTERM), SIGKILL after timeoutMs. */
  async stop(timeoutMs = 20000): Promise<void> {
    const pending = [...this.procs.entries()];
    for (const [, proc] of pending) proc.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), timeoutMs);
    await Promise.all(pending.map(([n]) => this.exits.get(n)));
    clearTimeout(timer);
  }

  /** Resolves when a node exits (for a supervisor that restarts it); the exit code or signal is passed on. */
  onExit(listener: (node: number, code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }

  /** pids of the running nodes (for operators and for tests that signal a node themselves) */
  pids(): number[] {
    return [...this.procs.values()].map((p) => p.pid!).filter(Boolean);
  }

  /**
   * A broker whose supervisor died (kill -9 of `npm start`, a crashed test run) keeps running in its own
   * process group and holds the ports and the data: stop it before starting over on the same folder.
   */
  private async killOrphans(): Promise<void> {
    const file = join(this.dir, 'pids.json');
    if (!existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { supervisor?: number; brokers?: number[] } | number[];
    const { supervisor, brokers } = Array.isArray(saved) ? { supervisor: undefined, brokers: saved } : saved;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const ours = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(this.dir, 'node-'));
      } catch {
        return false;
      }
    };
    const running = (brokers ?? []).filter(ours);
    if (running.length === 0) return rmSync(file, { force: true });
    // Its supervisor still runs (another `npm start`, another test run, or this process): not an orphan — refuse.
    if (supervisor && alive(supervisor)) {
      throw new KafkaSetupError(`the broker in ${this.dir} is already in use: process ${supervisor} runs it (pids ${running.join(', ')})`);
    }
    for (const pid of running) {
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 50));
    }
    rmSync(file, { force: true });
  }

  private savePids(): void {
    writeFileSync(join(this.dir, 'pids.json'), JSON.stringify({ supervisor: process.pid, brokers: this.pids() }));
  }

  private dataDir(node: number): string {
    return join(this.dir, `node-${node}`, 'data');
  }

  private async loadOrCreateLayout(): Promise<Layout> {
    const file = join(this.dir, 'cluster.json');
    const wanted = { ports: this.options.ports, controllerPorts: this.options.controllerPorts };
    let layout: Layout;
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Layout;
      if (saved.ports.length !== this.nodes) throw new KafkaSetupError(`${this.dir} holds a ${saved.ports.length}-node cluster, not ${this.nodes}: wipe it first`);
      // Same data and cluster id; ports may move (e.g. KAFKA_DEV_PORT changed).
      layout = { ...saved, ports: wanted.ports ?? saved.ports, controllerPorts: wanted.controllerPorts ?? saved.controllerPorts };
    } else {
      layout = {
        clusterId: newClusterId(),
        ports: wanted.ports ?? (await Promise.all(Array.from({ length: this.nodes }, freePort))),
        controllerPorts: wanted.controllerPorts ?? (await Promise.all(Array.from({ length: this.nodes }, freePort))),
      };
    }
    for (const port of [...layout.ports, ...layout.controllerPorts]) {
      if (await portOpen(port)) throw new KafkaSetupError(`port ${port} is already in use on 127.0.0.1 (another broker or \`npm start\`?); choose other ports`);
    }
    writeFileSync(file, JSON.stringify(layout, null, 2));
    return layout;
  }

  private writeProperties(node: number): string {
    const { ports, controllerPorts } = this.layout;
    const replication = Math.min(3, this.nodes);
    const voters = controllerPorts.map((p, i) => `${i + 1}@127.0.0.1:${p}`).join(',');
    const props = [
      '# Written by libs/testing/src/kafka-cluster.ts on every start; edit that file, not this one.',
      'process.roles=broker,controller',
      `node.id=${node}`,
      `controller.quorum.voters=${voters}`,
      `listeners=PLAINTEXT://127.0.0.1:${ports[node - 1]},CONTROLLER://127.0.0.1:${controllerPorts[node - 1]}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${ports[node - 1]}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${this.dataDir(node)}`,
      // Topics come from deploy/topics.json (tools/topics.ts), never from a producer's typo, as in production.
      'auto.create.topics.enable=false',
      `default.replication.factor=${replication}`,
      `min.insync.replicas=${replication > 1 ? 2 : 1}`,
      `offsets.topic.replication.factor=${replication}`,
      // Fewer internal partitions than the default 50: faster start, same semantics.
      'offsets.topic.num.partitions=10',
      `transaction.state.log.replication.factor=${replication}`,
      `transaction.state.log.min.isr=${replication > 1 ? 2 : 1}`,
      // A single developer's consumers join at once; production keeps Kafka's 3 s (docker-compose sets 0 too).
      'group.initial.rebalance.delay.ms=0',
      'num.network.threads=2',
      'num.io.threads=4',
      'num.recovery.threads.per.data.dir=2',
      '',
    ].join('\n');
    const file = join(this.dir, `node-${node}`, 'server.properties');
    mkdirSync(join(this.dir, `node-${node}`), { recursive: true });
    writeFileSync(file, props);
    return file;
  }

  private javaArgs(lib: string, mainClass: string, heapMb: number): string[] {
    return [
      `-Xms${Math.min(256, heapMb)}m`,
      `-Xmx${heapMb}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
      '-cp',
      `${lib}/*`,
      mainClass,
    ];
  }

  private format(lib: string, props: string): void {
    const run = spawnSync('java', [...this.javaArgs(lib, 'kafka.tools.StorageTool', 256), 'format', `--cluster-id=${this.layout.clusterId}`, '-c', props, '--ignore-formatted'], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new KafkaSetupError(`could not format Kafka storage in ${this.dir}: ${(run.stderr || run.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
  }

  private spawnNode(lib: string, node: number): void {
    const logFile = join(this.dir, `node-${node}`, 'broker.log');
    const fd = openSync(logFile, 'a');
    const props = join(this.dir, `node-${node}`, 'server.properties');
    // Its own process group: a terminal's Ctrl-C reaches the services, which flush their outboxes to the
    // broker while it is still up; whoever started the cluster stops it after them.
    const proc = spawn('java', [...this.javaArgs(lib, 'kafka.Kafka', this.options.heapMb ?? 768), props], { stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    this.procs.set(node, proc);
    this.savePids();
    this.exits.set(
      node,
      new Promise<void>((resolve) => {
        proc.once('exit', (code, signal) => {
          if (this.procs.get(node) === proc) this.procs.delete(node);
          resolve();
          for (const l of this.exitListeners) l(node, code, signal);
        });
      }),
    );
  }

  private async waitUntilServing(which?: number[], timeoutMs = 90000): Promise<void> {
    const nodes = which ?? [...Array(this.nodes).keys()].map((i) => i + 1);
    const started = Date.now();
    for (const node of nodes) {
      while (!(await portOpen(this.layout.ports[node - 1]))) {
        if (!this.procs.has(node)) throw new KafkaSetupError(`Kafka node ${node} exited during start-up: ${this.logTail(node)}`);
        if (Date.now() - started > timeoutMs) throw new KafkaSetupError(`Kafka node ${node} did not start within ${timeoutMs / 1000} s: ${this.logTail(node)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private logTail(node: number): string {
    const file = join(this.dir, `node-${node}`, 'broker.log');
    if (!existsSync(file)) return 'no log';
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ') + ` (log: ${file})`;
  }
}

/**
 * A KRaft cluster id is 16 random bytes in URL-safe base64 without padding (what `kafka-storage random-uuid`
 * prints). Like Kafka's own Uuid.randomUuid, never one starting with '-': command-line tools read it as an option.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
