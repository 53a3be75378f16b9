/**
 * The connections the embedded engine and the server's store pool keep (src/engine/kept-connections.ts):
 * with a limit, a run beyond it waits for a connection to come back, and fails with the caller's
 * error when none does in time; a failed connect leaves room for the next; close() refuses the
 * runs waiting and any later one, and closes a running run's connection when that run ends.
 * Runs on an in-memory DuckDB; every connection is counted where it is opened and closed.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeptConnections, type KeptConnectionsOptions } from '../../src/engine/kept-connections.ts';

describe('kept connections', () => {
  let instance: DuckDBInstance;
  let opened: DuckDBConnection[];
  const closes = () => vi.spyOn(DuckDBConnection.prototype, 'disconnectSync');

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance?.closeSync());
  afterEach(() => vi.restoreAllMocks());

  const keep = (options: Partial<KeptConnectionsOptions> = {}) => {
    opened = [];
    return new KeptConnections({
      connect: async () => {
        const connection = await instance.connect();
        opened.push(connection);
        return connection;
      },
      closedError: () => new Error('closed for the test'),
      ...options,
    });
  };
  const limitOf = (connections: number, waitMs = 5_000) => ({ connections, waitMs, busyError: () => new Error(`busy: ${connections} connections for ${waitMs} ms`) });
  /** A run that holds its connection until `release()` is called. */
  const held = (connections: KeptConnections) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let connection: DuckDBConnection | undefined;
    const started = new Promise<void>((resolve) => {
      void connections.use(async (kept) => {
        connection = kept.connection;
        resolve();
        await released;
      });
    });
    return { started, release, connection: () => connection };
  };
  const answer = (connections: KeptConnections, n: number) =>
    connections.use(async ({ connection }) => ({ connection, n: Number((await connection.runAndReadAll(`SELECT ${n} + 1 AS n`)).getRowObjects()[0].n) }));

  it('with a limit of 2, a third run at once waits and gets the first connection to come back: two connections, three answers', async () => {
    const connections = keep({ limit: limitOf(2) });
    const [a, b] = [held(connections), held(connections)];
    await Promise.all([a.started, b.started]);
    const third = answer(connections, 41);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(opened.length).toBe(2);
    b.release();
    const { connection, n } = await third;
    expect([connection === b.connection(), n]).toEqual([true, 42]);
    a.release();
    expect(opened.length).toBe(2);
    connections.close();
  });

  it('a run that waits longer than waitMs fails with the caller\'s error; the connection, once back, serves the next run', async () => {
    const connections = keep({ limit: limitOf(1, 30) });
    const holder = held(connections);
    await holder.started;
    await expect(answer(connections, 1)).rejects.toThrow('busy: 1 connections for 30 ms');
    holder.release();
    const { connection, n } = await answer(connections, 6);
    expect([connection === holder.connection(), n, opened.length]).toEqual([true, 7, 1]);
    connections.close();
  });

  it('a connect that fails gives its error and leaves room for the next run to connect', async () => {
    let failures = 1;
    const connections = keep({
      limit: limitOf(1),
      connect: async () => {
        if (failures-- > 0) throw new Error('no connection for the test');
        const connection = await instance.connect();
        opened.push(connection);
        return connection;
      },
    });
    await expect(answer(connections, 1)).rejects.toThrow('no connection for the test');
    expect((await answer(connections, 2)).n).toBe(3);
    expect(opened.length).toBe(1);
    connections.close();
  });

  it('close() closes the idle connection at once, the running one when its run ends, and refuses any later run without connecting', async () => {
    const disconnects = closes();
    const connections = keep();
    const running = held(connections);
    await running.started;
    const { connection: idle } = await answer(connections, 0);
    expect(opened.length).toBe(2);
    connections.close();
    expect(disconnects.mock.instances.length === 1 && disconnects.mock.instances[0] === idle).toBe(true);
    await expect(answer(connections, 2)).rejects.toThrow('closed for the test');
    running.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(disconnects.mock.instances.length === 2 && disconnects.mock.instances[1] === running.connection()).toBe(true);
    expect(opened.length).toBe(2);
  });

  it('close() refuses a run that waits for a connection; the connection it waited for closes when its run ends', async () => {
    const disconnects = closes();
    const connections = keep({ limit: limitOf(1) });
    const running = held(connections);
    await running.started;
    const waiting = answer(connections, 1);
    connections.close();
    await expect(waiting).rejects.toThrow('closed for the test');
    expect(disconnects.mock.calls.length).toBe(0);
    running.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(disconnects.mock.instances.length === 1 && disconnects.mock.instances[0] === running.connection()).toBe(true);
    expect(opened.length).toBe(1);
  });
});
