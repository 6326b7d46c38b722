import type { ServerResponse } from 'node:http';

export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/**
 * Batches small strings into ~64 KiB writes and waits for 'drain' whenever the socket buffer is full, so
 * a slow reader slows the export down instead of growing the gateway's memory.
 */
export class StreamWriter {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly chunkSize = 64 * 1024,
  ) {}

  /** Resolves at once unless the buffer is full and had to be flushed into a congested socket. */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= this.chunkSize ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.send(chunk);
  }

  /** Binary formats (Arrow): pending text first, then the bytes, with the same backpressure. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await this.send(bytes);
  }

  private async send(chunk: string | Uint8Array): Promise<void> {
    if (this.res.destroyed) throw new ClientGoneError();
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (this.res.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', gone);
        resolve();
      };
      const gone = () => {
        this.res.off('drain', done);
        reject(new ClientGoneError());
      };
      this.res.once('drain', done);
      this.res.once('close', gone);
    });
  }
}
