import { describe, expect, it } from 'vitest';
import { renderReverseProxyConfig, type ReverseProxyConfig } from './reverse-proxy-config.js';

const config = (over: Partial<ReverseProxyConfig> = {}): ReverseProxyConfig => ({
  listenPort: 8443,
  targetPort: 8080,
  healthPath: '/_proxy/healthz',
  routes: [{ pathPrefix: '/admin/', targetPort: 9090 }],
  rateLimit: { requestsPerSecond: 50, burst: 100, delay: true },
  maxBodySize: '8m',
  timeouts: { connect: '2s', read: '30s', send: '40s' },
  tls: { certificate: '/etc/proxy/tls/tls.crt', key: '/etc/proxy/tls/tls.key' },
  accessLog: true,
  ...over,
});

describe('the whole reverse-proxy nginx.conf (nginx -t reads it in test/ambassadors)', () => {
  it('is exactly these lines with TLS, a delaying rate limit, a route and the JSON access log', () => {
    expect(renderReverseProxyConfig(config()).split('\n')).toEqual([
      '# reverse-proxy ambassador: clients reach the app through this listener; nginx terminates TLS,',
      '# limits requests and forwards to the app on 127.0.0.1.',
      'worker_processes 1;',
      'daemon off;',
      'pid /tmp/nginx.pid;',
      'error_log stderr warn;',
      '',
      'events {',
      '    worker_connections 1024;',
      '}',
      '',
      'http {',
      '    client_body_temp_path /tmp/client_temp;',
      '    proxy_temp_path /tmp/proxy_temp;',
      '    fastcgi_temp_path /tmp/fastcgi_temp;',
      '    uwsgi_temp_path /tmp/uwsgi_temp;',
      '    scgi_temp_path /tmp/scgi_temp;',
      '    server_tokens off;',
      '',
      '    map $http_x_request_id $proxy_request_id {',
      '        default $http_x_request_id;',
      '        "" $request_id;',
      '    }',
      '    log_format proxy_json escape=json \'{"time":"$time_iso8601","request_id":"$proxy_request_id","remote_addr":"$remote_addr","x_forwarded_for":"$http_x_forwarded_for","method":"$request_method","host":"$host","uri":"$request_uri","protocol":"$server_protocol","scheme":"$scheme","status":$status,"request_length":$request_length,"body_bytes_sent":$body_bytes_sent,"request_time":$request_time,"upstream_addr":"$upstream_addr","upstream_status":"$upstream_status","upstream_response_time":"$upstream_response_time","user_agent":"$http_user_agent","referer":"$http_referer"}\';',
      '    access_log /dev/stdout proxy_json;',
      '',
      '    limit_req_zone $binary_remote_addr zone=per_client:10m rate=50r/s;',
      '    limit_req_status 429;',
      '    limit_req_log_level warn;',
      '',
      '    server {',
      '        listen 8443 ssl;',
      '        ssl_certificate /etc/proxy/tls/tls.crt;',
      '        ssl_certificate_key /etc/proxy/tls/tls.key;',
      '        ssl_protocols TLSv1.2 TLSv1.3;',
      '        ssl_prefer_server_ciphers off;',
      '        ssl_session_cache shared:proxy_tls:1m;',
      '        ssl_session_timeout 1h;',
      '        ssl_session_tickets off;',
      '',
      '        client_max_body_size 8m;',
      '        proxy_connect_timeout 2s;',
      '        proxy_read_timeout 30s;',
      '        proxy_send_timeout 40s;',
      '',
      '        proxy_http_version 1.1;',
      '        proxy_set_header Connection "";',
      '        proxy_set_header Host $host;',
      '        proxy_set_header X-Real-IP $remote_addr;',
      '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '        proxy_set_header X-Forwarded-Proto $scheme;',
      '        proxy_set_header X-Forwarded-Host $host;',
      '        proxy_set_header X-Forwarded-Port $server_port;',
      '        proxy_set_header X-Request-Id $proxy_request_id;',
      '        add_header X-Request-Id $proxy_request_id always;',
      '',
      '        location = /_proxy/healthz {',
      '            access_log off;',
      '            default_type text/plain;',
      '            return 200 "ok\\n";',
      '        }',
      '',
      '        location / {',
      '            limit_req zone=per_client burst=100;',
      '            proxy_pass http://127.0.0.1:8080;',
      '        }',
      '',
      '        location /admin/ {',
      '            limit_req zone=per_client burst=100;',
      '            proxy_pass http://127.0.0.1:9090;',
      '        }',
      '    }',
      '}',
      '',
    ]);
  });

  it('without TLS, rate limit or access log: a plain listener, no limit_req anywhere, access_log off', () => {
    const lines = renderReverseProxyConfig(
      config({ tls: undefined, rateLimit: undefined, accessLog: false, routes: [] }),
    ).split('\n');
    // nothing between the listener and the body size: no TLS lines
    expect(lines[lines.indexOf('        listen 8443;') + 1]).toMatch(/^ {8}client_max_body_size /);
    // the access log line is followed straight by the server block: no limit_req_zone lines, nothing else
    expect(lines.slice(lines.indexOf('    access_log off;'), lines.indexOf('    server {') + 2)).toEqual([
      '    access_log off;',
      '',
      '    server {',
      '        listen 8443;',
    ]);
    expect(lines.filter((l) => /ssl|limit_req|proxy_json;/.test(l))).toEqual([]);
    expect(lines.slice(lines.indexOf('        location / {'))).toEqual([
      '        location / {',
      '            proxy_pass http://127.0.0.1:8080;',
      '        }',
      '    }',
      '}',
      '',
    ]);
  });

  it('a rate limit without delay is nodelay', () => {
    const text = renderReverseProxyConfig(config({ rateLimit: { requestsPerSecond: 5, burst: 10, delay: false } }));
    expect(text).toContain('rate=5r/s;');
    expect(text.match(/limit_req zone=per_client burst=10 nodelay;/g)).toHaveLength(2);
  });
});
