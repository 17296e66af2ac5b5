import {
  type sendUnaryData,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  status,
} from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendHandler } from './double-append';
import { EventLog } from './double-log';
import { ReadHandler } from './double-read';

/**
 * A wire-level EventStoreDB double for tests: a real gRPC server on 127.0.0.1 that registers the
 * service definitions shipped inside @eventstore/db-client (so the client's serializers accept
 * its messages: one copy of the generated code per process) and answers the calls the adapter
 * makes. It is test support, not a database: one process, no auth, no TLS, no deletes.
 */
export interface EsdbDoubleOptions {
  /** 0 (default) picks a free port; a fixed port lets a restarted double take its place. */
  readonly port?: number;
  /** JSON-lines file holding the log across restarts; none keeps it in memory. */
  readonly dataFile?: string;
  /** Advertise Streams.BatchAppend (default true, as EventStoreDB 21.10+ does). */
  readonly batchAppend?: boolean;
}

export interface EsdbDouble {
  readonly port: number;
  /** Single host, insecure: the client connects directly, without gossip. */
  readonly connectionString: string;
  readonly log: EventLog;
  /** How many calls each method received (e.g. `Streams.BatchAppend`), to prove which path ran. */
  readonly calls: ReadonlyMap<string, number>;
  /** Ends every live subscription with a gRPC status, as a server dropping subscribers does. */
  dropSubscriptions(code?: status, details?: string): number;
  /** Stops at once, cancelling every call in flight (in-process stand-in for a crash). */
  stop(): Promise<void>;
}

/** The version the double claims in GetSupportedMethods: the one docker-compose runs. */
export const DOUBLE_SERVER_VERSION = '24.10.0';

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const log = new EventLog(options.dataFile);
  const reads = new ReadHandler(log);
  const appends = new AppendHandler(log);
  const server = new Server();
  const calls = new Map<string, number>();
  const counted =
    <A extends unknown[]>(name: string, handler: (...args: A) => void) =>
    (...args: A): void => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      handler(...args);
    };
  server.addService(StreamsService, {
    read: counted('Streams.Read', reads.handle),
    append: counted('Streams.Append', appends.append),
    batchAppend: counted('Streams.BatchAppend', appends.batchAppend),
    delete: unimplemented,
    tombstone: unimplemented,
  });
  const supported = supportedMethods(options.batchAppend ?? true);
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (
      _call: ServerUnaryCall<Empty, SupportedMethods>,
      callback: sendUnaryData<SupportedMethods>,
    ) => callback(null, supported),
  });
  const port = await bind(server, options.port ?? 0);
  return {
    port,
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    calls,
    dropSubscriptions: (code = status.CANCELLED, details = 'Subscription dropped by the server') =>
      reads.dropSubscriptions(code, details),
    stop: async () => {
      reads.dropSubscriptions(status.UNAVAILABLE, 'Server is shutting down');
      server.forceShutdown();
    },
  };
}

function bind(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
}

function unimplemented(_call: unknown, callback: sendUnaryData<never>): void {
  callback({ code: status.UNIMPLEMENTED, details: 'not implemented by the EventStoreDB double' });
}

function supportedMethods(batchAppend: boolean): SupportedMethods {
  const streams = 'event_store.client.streams.Streams';
  const methods = [
    method(streams, 'Read', ['position', 'events']),
    method(streams, 'Append', []),
    ...(batchAppend ? [method(streams, 'BatchAppend', [])] : []),
    method('event_store.client.server_features.ServerFeatures', 'GetSupportedMethods', []),
  ];
  return new SupportedMethods()
    .setMethodsList(methods)
    .setEventStoreServerVersion(DOUBLE_SERVER_VERSION);
}

function method(serviceName: string, methodName: string, features: string[]): SupportedMethod {
  return new SupportedMethod()
    .setServiceName(serviceName)
    .setMethodName(methodName)
    .setFeaturesList(features);
}
