/* Presensi's service worker: after the first visit the page opens without signal. The page itself (HTML, script,
   style, icons) comes from the cache first and is refreshed in the background; what the server says (GET /api/...)
   comes from the network first, and from the last answer kept when there is none. Check-ins and requests are
   never cached: the page queues them and sends them when the network is back. */
var CACHE = 'presensi-v6';
var SHELL = ['./', 'index.html', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg', 'apple-touch-icon.png'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A kept answer says so, for the page to tell the phone's copy from a fresh one. */
function saved(kept) {
  var headers = new Headers(kept.headers);
  headers.set('Presensi-Saved', '1');
  return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers: headers });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/iclock/') >= 0
      || /\/attachment$/.test(url.pathname)) {
    return;
  }
  if (url.pathname.indexOf('/api/') >= 0) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }, function () {
      return caches.match(request).then(function (kept) { return kept ? saved(kept) : Response.error(); });
    }));
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (cached) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (cached) {
        fresh.catch(function () { /* offline: the cached copy serves */ });
        return cached;
      }
      return fresh;
    });
  }));
});

/* A reminder (Web Push): the server sends a title and one sentence (a first name and a time, nothing else); shown as
   a notification, and a tap opens the page. */
self.addEventListener('push', function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || 'Presensi', {
    body: data.body || '', tag: data.tag || 'presensi', icon: 'icon.svg', badge: 'icon.svg', lang: 'id'
  }));
});

self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) { if ('focus' in windows[i]) { return windows[i].focus(); } }
    return self.clients.openWindow('./');
  }));
});
