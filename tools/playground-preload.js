// Node preload for the Microsoft 365 Agents Playground in tests and local runs: keeps it on loopback.
// - a server that listens without a host binds 127.0.0.1 (the Playground has no host option);
// - every outbound connection and DNS lookup for a non-loopback host fails at once (it tries a cloud metadata
//   address and a telemetry host at start, even with --disable-telemetry).
'use strict';
const net = require('net');
const dns = require('dns');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const isLoopback = (host) => host === undefined || host === null || host === '' || LOOPBACK.has(String(host).toLowerCase()) || /^127\./.test(String(host));

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    // listen(port[, host][, backlog][, cb]): insert the host when none is given.
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
    else if (!isLoopback(args[1]) || args[1] === '0.0.0.0' || args[1] === '::') args[1] = '127.0.0.1';
  } else if (args[0] && typeof args[0] === 'object' && !Array.isArray(args[0]) && args[0].path === undefined) {
    args[0] = { ...args[0], host: isLoopback(args[0].host) && args[0].host ? args[0].host : '127.0.0.1' };
  }
  return listen.apply(this, args);
};

const refuse = (socket, host) => {
  const err = Object.assign(new Error(`playground-preload: outbound connection to ${host} blocked`), { code: 'ECONNREFUSED' });
  process.nextTick(() => socket.destroy(err));
  return socket;
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // Node passes an array of normalised arguments ([options, cb]) here; plain calls pass (options | port, host, cb).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first && typeof first === 'object' ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (options.path === undefined && !isLoopback(options.host)) return refuse(this, options.host);
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!isLoopback(hostname)) {
    const err = Object.assign(new Error(`playground-preload: DNS lookup of ${hostname} blocked`), { code: 'ENOTFOUND', hostname });
    process.nextTick(() => cb(err));
    return {};
  }
  return lookup.call(this, hostname, options, callback);
};
if (dns.promises && dns.promises.lookup) {
  const lookupAsync = dns.promises.lookup;
  dns.promises.lookup = function (hostname, options) {
    if (!isLoopback(hostname)) return Promise.reject(Object.assign(new Error(`playground-preload: DNS lookup of ${hostname} blocked`), { code: 'ENOTFOUND', hostname }));
    return lookupAsync.call(this, hostname, options);
  };
}
