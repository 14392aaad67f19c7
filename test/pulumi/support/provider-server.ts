/**
 * Drives the dynamic-provider server shipped in @pulumi/pulumi (`cmd/dynamic-provider`, what the engine runs as
 * `pulumi-resource-pulumi-nodejs`) over gRPC, with no Pulumi CLI: the same process, deserialization of `__provider`
 * and RPC translation the engine uses. What it does not do (the engine's job): strip and re-mark secrets, substitute
 * unknowns, keep state. Tests feed plaintext and the unknown sentinel themselves.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import * as provrpc from '@pulumi/pulumi/proto/provider_grpc_pb';
import * as provproto from '@pulumi/pulumi/proto/provider_pb';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';

export type Bag = Record<string, unknown>;

export interface CheckReply {
  inputs: Bag;
  failures: { property: string; reason: string }[];
}
export interface DiffReply {
  /** 0 unknown, 1 none, 2 some. */
  changes: number;
  replaces: string[];
  deleteBeforeReplace: boolean;
}
export interface ReadReply {
  id: string;
  properties: Bag;
  inputs: Bag | undefined;
}

/** Like the engine's marshalling, undefined properties are left out. */
const toStruct = (b: Bag): Struct => Struct.fromJavaScript(JSON.parse(JSON.stringify(b)) as Parameters<typeof Struct.fromJavaScript>[0]);
const fromStruct = (s: Struct | undefined): Bag => (s ? (s.toJavaScript() as Bag) : {});

export class ProviderServer {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly client: provrpc.ResourceProviderClient,
    /** Everything the server printed on stderr, for assertions and failure messages. */
    readonly stderr: string[],
  ) {}

  /**
   * Starts the server with `cwd` as the provider process's working directory (the engine uses the program's);
   * `script` is the dynamic-provider server unless given (the native provider's entry point, for instance).
   */
  static async start(opts: { cwd: string; env?: NodeJS.ProcessEnv; script?: string }): Promise<ProviderServer> {
    const script = opts.script ?? require.resolve('@pulumi/pulumi/cmd/dynamic-provider');
    const child = spawn(process.execPath, [script, '127.0.0.1:1'], { cwd: opts.cwd, env: { ...process.env, PULUMI_NODEJS_PROJECT: 'flashback-test', ...opts.env } });
    const stderr: string[] = [];
    child.stderr.on('data', (b: Buffer) => stderr.push(b.toString('utf8')));
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`dynamic-provider exited with ${code} before printing its port:\n${stderr.join('')}`)));
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderServer(child, client, stderr);
  }

  private call<Req, Res>(method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, req, (err, res) => (err ? reject(new Error(err.details || err.message)) : resolve(res)));
    });
  }

  /**
   * Configure with stack config: fully qualified keys, as the engine sends them for dynamic providers, or with
   * `args` (plain keys, secrets wrapped) and `variables` apart, as it sends them to a package's own provider.
   */
  async configure(config: Record<string, string>, opts: { args?: Bag } = {}): Promise<{ acceptSecrets: boolean }> {
    const { acceptSecrets } = await this.configureReply(config, opts);
    return { acceptSecrets };
  }

  async configureReply(config: Record<string, string>, opts: { args?: Bag } = {}): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(opts.args ?? config));
    for (const [k, v] of Object.entries(config)) req.getVariablesMap().set(k, v);
    const res = await this.call<provproto.ConfigureRequest, provproto.ConfigureResponse>(this.client.configure, req);
    return { acceptSecrets: res.getAcceptsecrets(), supportsPreview: res.getSupportspreview() };
  }

  async checkConfig(urn: string, news: Bag): Promise<CheckReply> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct({}));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>(this.client.checkConfig, req);
    return { inputs: fromStruct(res.getInputs()), failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
  }

  async check(urn: string, olds: Bag, news: Bag): Promise<CheckReply> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>(this.client.check, req);
    return { inputs: fromStruct(res.getInputs()), failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
  }

  async diff(urn: string, id: string, olds: Bag, news: Bag): Promise<DiffReply> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>(this.client.diff, req);
    return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(urn: string, props: Bag): Promise<{ id: string; properties: Bag }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(props));
    const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>(this.client.create, req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  async read(urn: string, id: string, props: Bag, inputs?: Bag): Promise<ReadReply> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(props));
    if (inputs) req.setInputs(toStruct(inputs));
    const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>(this.client.read, req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()), inputs: res.getInputs() ? fromStruct(res.getInputs()) : undefined };
  }

  async update(urn: string, id: string, olds: Bag, news: Bag): Promise<{ properties: Bag }> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>(this.client.update, req);
    return { properties: fromStruct(res.getProperties()) };
  }

  async delete(urn: string, id: string, props: Bag): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(props));
    await this.call(this.client.delete, req);
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}
