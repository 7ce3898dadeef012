/**
 * One writer at a time inside a process. SQLite has one write lock; when two
 * connections of the same process race for it, the loser sleeps in SQLite's
 * busy handler (1, 2, 5, 10 … 100 ms), which ruins latency under load. This
 * wraps the libSQL client so that write transactions and autocommit writes
 * queue in memory instead; reads (WAL) never wait. Other processes still
 * meet at the database lock, with the busy timeout.
 */
import type { Client, InArgs, InStatement, Transaction, TransactionMode } from '@libsql/client';

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once the caller holds the lock. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const previous = this.tail;
    this.tail = previous.then(() => held);
    return previous.then(() => {
      let released = false;
      return () => {
        if (!released) { released = true; release(); }
      };
    });
  }
}

const writePattern = /^\s*(?:--[^\n]*\n\s*)*(insert|update|delete|replace|create|drop|alter|pragma\s+\w+\s*=)/i;

function isWrite(statement: InStatement | string): boolean {
  const sql = typeof statement === 'string' ? statement : statement.sql;
  return writePattern.test(sql);
}

export function serializeWrites(client: Client): Client {
  const mutex = new Mutex();
  const locked = async <T>(work: () => Promise<T>): Promise<T> => {
    const release = await mutex.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  const wrapper: Partial<Client> = {
    execute: ((statement: InStatement | string, args?: InArgs) => {
      const run = () => (args === undefined ? client.execute(statement as InStatement) : client.execute(statement as string, args));
      return isWrite(statement) ? locked(run) : run();
    }) as Client['execute'],
    batch: ((statements: InStatement[], mode?: TransactionMode) => locked(() => client.batch(statements, mode))) as Client['batch'],
    migrate: ((statements: InStatement[]) => locked(() => client.migrate(statements))) as Client['migrate'],
    executeMultiple: ((sql: string) => locked(() => client.executeMultiple(sql))) as Client['executeMultiple'],
    transaction: (async (mode?: TransactionMode) => {
      if (mode === 'read') return client.transaction(mode);
      const release = await mutex.acquire();
      let tx: Transaction;
      try {
        tx = await client.transaction(mode);
      } catch (error) {
        release();
        throw error;
      }
      const settle = <A extends unknown[], R>(fn: (...a: A) => R) => (...a: A): R => {
        try {
          const result = fn(...a);
          if (result instanceof Promise) return result.finally(release) as R;
          release();
          return result;
        } catch (error) {
          release();
          throw error;
        }
      };
      return new Proxy(tx, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key === 'commit' || key === 'rollback' || key === 'close') return settle((value as (...a: unknown[]) => unknown).bind(target));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as Client['transaction'],
  };
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key in wrapper) return wrapper[key as keyof Client];
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
