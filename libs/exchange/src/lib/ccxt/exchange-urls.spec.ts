import { rewriteApiOrigins } from './exchange-urls';

describe('rewriteApiOrigins', () => {
  it('moves every nested URL to the new origin, keeping the path', () => {
    const urls = {
      public: 'https://api.binance.com/api/v3',
      private: 'https://api.binance.com/api/v3/',
      sapi: { v1: 'https://api.binance.com/sapi/v1' },
      weight: 10,
    };
    expect(rewriteApiOrigins(urls, 'http://127.0.0.1:8090')).toEqual({
      public: 'http://127.0.0.1:8090/api/v3',
      private: 'http://127.0.0.1:8090/api/v3',
      sapi: { v1: 'http://127.0.0.1:8090/sapi/v1' },
      weight: 10,
    });
  });

  it('moves WebSocket URLs to the same host: ws:// for http, wss:// for https', () => {
    const urls = { ws: { spot: 'wss://stream.binance.com:9443/ws' } };
    expect(rewriteApiOrigins(urls, 'http://127.0.0.1:8090')).toEqual({
      ws: { spot: 'ws://127.0.0.1:8090/ws' },
    });
    expect(rewriteApiOrigins(urls, 'https://testnet.example')).toEqual({
      ws: { spot: 'wss://testnet.example/ws' },
    });
  });
});
