// The `send` package (what Express's sendFile is made of) ships no type definitions: the part
// DashboardFiles uses.
declare module 'send' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Stream } from 'node:stream';

  interface SendOptions {
    root: string;
    cacheControl: boolean;
    dotfiles: 'ignore';
    index: false;
  }

  interface SendStream extends Stream {
    pipe<T extends NodeJS.WritableStream>(response: T): T;
    on(event: 'error', listener: (error: Error & { status?: number }) => void): this;
    on(event: 'headers', listener: (response: ServerResponse) => void): this;
  }

  function send(request: IncomingMessage, path: string, options: SendOptions): SendStream;
  export = send;
}
